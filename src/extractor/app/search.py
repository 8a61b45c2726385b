"""Full-text search across every attached PDF: the index kept up to date with the
PDFs, and queries answered with the study, the page and the words around each hit."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from extractor.app.ports import Project
from extractor.core.errors import InputError, RefusedError
from extractor.core.progress import Progress, silent
from extractor.core.words import counted
from extractor.io.pdf_import import pdf_words
from extractor.store.search import MARK_END, MARK_START


@dataclass(frozen=True)
class IndexUpdate:
    indexed: int  # documents read and indexed now
    dropped: int  # documents no longer attached, taken out
    unreadable: list[str]  # files that could not be read, named with why
    total: int = 0  # documents in the index now

    def line(self) -> str:
        said = f"search index: {counted(self.indexed, 'PDF')} indexed"
        if self.dropped:
            said += f", {counted(self.dropped, 'PDF')} no longer attached removed"
        return said + "".join(f"; not indexed: {problem}" for problem in self.unreadable)


def update_index(project: Project, progress: Progress = silent) -> IndexUpdate:
    """Index every attached PDF not indexed yet (or replaced since), and forget those
    detached. Each PDF is read in the sandbox and indexed in a transaction of its
    own, so a stop keeps what is done."""
    with project.reading() as repo:
        documents = {d.id: d for d in repo.documents.list()}
        indexed = repo.search.indexed()
    stale = [d for d in documents.values() if indexed.get(d.id) != d.sha256]
    gone = [document_id for document_id in indexed if document_id not in documents]
    if gone:
        with project.transaction() as repo:
            for document_id in gone:
                repo.search.drop(document_id)
    unreadable = []
    for number, document in enumerate(stale):
        progress(number, len(stale), f"Indexing {document.filename}")
        with project.reading() as repo:
            data = repo.documents.data(document.id)
        try:
            pages = pdf_words(data, document.filename)
        except InputError as error:
            unreadable.append(str(error))
            continue
        with project.transaction() as repo:
            repo.search.put(
                document.id, document.sha256, [" ".join(w.text for w in page) for page in pages]
            )
    return IndexUpdate(
        len(stale) - len(unreadable), len(gone), unreadable, len(documents) - len(unreadable)
    )


@dataclass(frozen=True)
class Hit:
    study: str  # the study's label
    study_id: str
    document_id: str
    filename: str
    page: int  # 1-based, as a reader counts
    snippet: str  # hits between MARK_START and MARK_END

    def marked(self, start: str = "[", end: str = "]") -> str:
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)

    def html(self) -> str:
        """The snippet as rich text, the hits in bold."""
        return escape(self.snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")

    @property
    def terms(self) -> list[str]:
        """The words that matched, as the page has them (to highlight on the page)."""
        found, rest = [], self.snippet
        while MARK_START in rest:
            _, _, rest = rest.partition(MARK_START)
            term, _, rest = rest.partition(MARK_END)
            if term and term not in found:
                found.append(term)
        return found


def search(project: Project, query: str, limit: int = 500) -> list[Hit]:
    """Pages of the attached PDFs matching `query` (SQLite FTS5: words, "phrases",
    prefix*, AND/OR/NOT, NEAR; accents ignored), best match first."""
    if not query.strip():
        raise RefusedError("say what to search for")
    with project.reading() as repo:
        found = repo.search.search(query, limit)
    return [
        Hit(
            hit.study,
            hit.study_id,
            hit.document_id,
            hit.filename,
            hit.page + 1,
            " ".join(hit.snippet.split()),
        )
        for hit in found
    ]
