"""Replacing a study's PDF by another version of it (the published article for the
preprint, a better scan) without losing the evidence: every quote is looked for in
the new file and, where found, points to its new page and words.

A replacement is planned first (the new file read in the sandbox, each quote looked
for), shown to the user, then applied in one transaction; quotes not found go with
the old file only once the user has seen them listed and agreed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from extractor.app.ports import Project
from extractor.core.errors import RefusedError
from extractor.core.model import DocumentInfo, Evidence
from extractor.core.progress import Progress, silent
from extractor.core.relocate import Found, find_quote
from extractor.core.selection import Word
from extractor.core.words import counted
from extractor.io.pdf_import import pdf_words, read_pdf
from extractor.store.repository import Repository


@dataclass(frozen=True)
class Lost:
    id: str
    page: int
    quote: str

    def __str__(self) -> str:
        return f"page {self.page}: “{self.quote}”"


@dataclass(frozen=True)
class Replacement:
    """What replacing `old` by the file at `path` would do."""

    old: DocumentInfo
    path: Path
    data: bytes
    pages: int
    found: dict[str, Found]  # quote id -> where it is in the new file
    lost: list[Lost]  # quotes the new file does not hold

    def lost_line(self) -> str:
        """ "2 quotes of preprint.pdf are not in article.pdf"."""
        verb = "is" if len(self.lost) == 1 else "are"
        return (
            f"{counted(len(self.lost), 'quote')} of {self.old.filename} {verb} not in "
            f"{self.path.name}"
        )

    def summary(self) -> str:
        found = f"{counted(len(self.found), 'quote')} found again"
        return f"{found}, {len(self.lost)} not" if self.lost else found


def plan_replacement(
    project: Project,
    document_id: str,
    path: Path,
    password: str | None = None,
    progress: Progress = silent,
) -> Replacement:
    """Read the new file (in the sandbox) and look for every quote of the old one."""
    with project.reading() as repo:
        old = next((d for d in repo.documents.list() if d.id == document_id), None)
        if old is None:
            raise RefusedError("the PDF to replace is no longer attached")
        quotes = repo.documents.quotes_in(document_id)
    progress(0, len(quotes) + 1, f"Reading {path.name}")
    data, pages = read_pdf(path, password)
    if old.sha256 == hashlib.sha256(data).hexdigest():
        raise RefusedError(f"{path}: is the same file as {old.filename}; nothing to replace")
    words = pdf_words(data, str(path)) if quotes else []
    found: dict[str, Found] = {}
    lost: list[Lost] = []
    for number, quote in enumerate(quotes, start=1):
        progress(number, len(quotes) + 1, f"Looking for quote {number} of {len(quotes)}")
        where = find_quote(words, quote.quote, quote.page)
        if where is None:
            lost.append(Lost(quote.id, quote.page, quote.quote))
        else:
            found[quote.id] = where
    return Replacement(old, path, data, pages, found, lost)


def replace_pdf(project: Project, plan: Replacement, lose: int = 0) -> DocumentInfo:
    """Apply a planned replacement in one transaction, when at most `lose` quotes go
    with the old file (as many as the user agreed to lose)."""
    if len(plan.lost) > lose:
        raise RefusedError(
            f"{plan.path}: {plan.lost_line()} and would be deleted; confirm to replace"
        )
    with project.transaction() as repo:
        now = {quote.id for quote in repo.documents.quotes_in(plan.old.id)}
        if now != set(plan.found) | {quote.id for quote in plan.lost}:
            raise RefusedError("its quotes changed meanwhile; replace the PDF again")
        new = repo.documents.attach(plan.old.study_id, plan.path.name, plan.data, plan.pages)
        moved = {quote: (where.page, list(where.rects)) for quote, where in plan.found.items()}
        repo.documents.replace(plan.old.id, new, moved)
    return new


class QuoteFollower:
    """A reviewer's quotes, as their package brings them, made to point at the PDFs
    the project holds now: a quote on a replaced PDF is looked for in its
    replacement. What cannot be followed (a PDF detached, words not found) is
    counted, for the import to say."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.attached = {d.id: d for d in repo.documents.list()}
        self._words: dict[str, list[list[Word]]] = {}
        self.moved = self.dropped = 0

    def follow(self, quotes: list[Evidence]) -> list[Evidence]:
        kept = []
        for quote in quotes:
            found = self._current(quote)
            if found is None:
                self.dropped += 1
            else:
                kept.append(found)
        return kept

    def said(self) -> str:
        """What following changed, for the import's audit detail ("" when nothing)."""
        parts = []
        if self.moved:
            parts.append(f"{counted(self.moved, 'quote')} found again in a replaced PDF")
        if self.dropped:
            parts.append(f"{counted(self.dropped, 'quote')} on a PDF no longer attached")
        return "".join(f", {part}" for part in parts)

    def _current(self, quote: Evidence) -> Evidence | None:
        if quote.document_id in self.attached:
            return quote
        new_id = self.repo.documents.replaced_by(quote.document_id)
        if new_id is None or new_id not in self.attached:
            return None
        if new_id not in self._words:
            data = self.repo.documents.data(new_id)
            self._words[new_id] = pdf_words(data, self.attached[new_id].filename)
        where = find_quote(self._words[new_id], quote.quote, quote.page)
        if where is None:
            return None
        self.moved += 1
        return Evidence(new_id, where.page, where.rects, quote.quote)
