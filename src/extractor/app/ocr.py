"""Scanned PDFs read by OCR: the pages without text found, read by Tesseract page by
page (with progress, and a stop at any page keeps nothing), and the PDF replaced by
the same PDF with an invisible text layer over those pages. OCR runs once: the text
is then the PDF's own. Quotes keep their places, and the pages read are remembered,
so a quote from them is marked as OCR text."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.app.ports import Project
from extractor.core.errors import NotFoundError, RefusedError
from extractor.core.progress import Progress, silent
from extractor.core.words import counted
from extractor.pdf.ocr import check_tesseract
from extractor.pdf.sandbox import (
    pages_without_text_untrusted,
    read_page_untrusted,
    with_text_layer_untrusted,
)
from extractor.store.repository import Repository

OCR_PAGES = "document:ocr:"  # + a document's id: its pages (1-based) read by OCR


@dataclass(frozen=True)
class Scanned:
    document_id: str
    study: str
    filename: str
    pages: list[int]  # 1-based: the pages without text


@dataclass(frozen=True)
class OcrDone:
    study: str
    filename: str
    pages: list[int]  # 1-based
    words: int

    def line(self) -> str:
        pages = ", ".join(str(p) for p in self.pages)
        return (
            f"{self.study} | {self.filename}: {counted(len(self.pages), 'page')} read by OCR"
            f" (p. {pages}), {counted(self.words, 'word')}"
        )


def scanned(project: Project, study: str | None = None) -> list[Scanned]:
    """The attached PDFs with pages that have no text, of one study or of all."""
    with project.reading() as repo:
        studies = {s.id: s.label for s in repo.studies.list()}
        wanted = None
        if study is not None:
            found = repo.studies.find(study)
            if found is None:
                raise NotFoundError(f"no study '{study}' in the project")
            wanted = found.id
        documents = [d for d in repo.documents.list() if wanted in (None, d.study_id)]
        contents = [(d, repo.documents.data(d.id)) for d in documents]
    found_pages = []
    for document, data in contents:
        pages = pages_without_text_untrusted(data, document.filename)
        if pages:
            found_pages.append(
                Scanned(
                    document.id,
                    studies[document.study_id],
                    document.filename,
                    [p + 1 for p in pages],
                )
            )
    return found_pages


def read_by_ocr(
    project: Project, document_id: str, language: str = "eng", progress: Progress = silent
) -> OcrDone:
    """Read a PDF's pages without text by OCR and keep the PDF with their text."""
    check_tesseract()
    with project.reading() as repo:
        document = next((d for d in repo.documents.list() if d.id == document_id), None)
        if document is None:
            raise NotFoundError("the PDF is no longer attached")
        study = repo.studies.get(document.study_id)
        data = repo.documents.data(document_id)
    source = document.filename
    pages = pages_without_text_untrusted(data, source)
    if not pages:
        raise RefusedError(f"{source}: every page has text already; there is nothing to read")
    words = {}
    for done, page in enumerate(pages):
        progress(done, len(pages) + 1, f"Reading page {page + 1} of {source}")
        words[page] = read_page_untrusted(data, source, page, language)
    progress(len(pages), len(pages) + 1, f"Keeping the text of {source}")  # the last stop
    written = with_text_layer_untrusted(data, source, words)
    with project.transaction() as repo:
        _replace(repo, document.id, document.sha256, written, [p + 1 for p in pages])
    label = study.label if study else "?"
    return OcrDone(label, source, [p + 1 for p in pages], sum(len(w) for w in words.values()))


def _replace(repo: Repository, old_id: str, sha256: str, data: bytes, read: list[int]) -> None:
    old = next((d for d in repo.documents.list() if d.id == old_id), None)
    if old is None or old.sha256 != sha256:
        raise RefusedError(f"{old.filename if old else 'the PDF'} changed meanwhile; nothing kept")
    new = repo.documents.attach(old.study_id, old.filename, data, old.pages)
    earlier = repo.settings.get(f"{OCR_PAGES}{old_id}") or []
    repo.documents.replace(old_id, new, repo.documents.quote_places(old_id))
    repo.settings.set(f"{OCR_PAGES}{new.id}", sorted({*earlier, *read}))
    repo.audit.record(
        "document.ocr",
        study_id=old.study_id,
        detail=f"{old.filename}: pages {', '.join(map(str, read))} read by OCR",
    )


def ocr_pages(repo: Repository, document_id: str) -> set[int]:
    """The pages (1-based) of a document whose text came from OCR."""
    saved = repo.settings.get(f"{OCR_PAGES}{document_id}")
    return {int(p) for p in saved} if isinstance(saved, list) else set()
