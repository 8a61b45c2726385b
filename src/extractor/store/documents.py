"""Documents attached to studies; their bytes live once per SHA-256 in `blob`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from extractor.core.errors import ExtractorError, NotFoundError
from extractor.core.model import DocumentInfo
from extractor.core.selection import Rect
from extractor.core.words import counted
from extractor.store.audit import Audit
from extractor.store.models import Blob, Document, EvidenceQuote, Setting

REPLACED = "document:replaced:"  # + the old document's id: the id of its replacement


@dataclass(frozen=True)
class StoredQuote:
    id: str
    page: int
    quote: str


def keep_blob(session: Session, data: bytes) -> str:
    """Store file content once, however many files hold it; returns its SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    if session.get(Blob, digest) is None:
        session.add(Blob(sha256=digest, size=len(data), data=data))
    return digest


def _info(row: Document, size: int) -> DocumentInfo:
    return DocumentInfo(
        id=row.id,
        study_id=row.study_id,
        sha256=row.sha256,
        filename=row.filename,
        size=size,
        pages=row.pages,
    )


class Documents:
    def __init__(self, session: Session, audit: Audit) -> None:
        self.session = session
        self.audit = audit

    def attach(self, study_id: str, filename: str, data: bytes, pages: int) -> DocumentInfo:
        """Store a file for a study; the same content attached twice is kept once."""
        digest = keep_blob(self.session, data)
        existing = self.session.scalars(
            select(Document).where(Document.study_id == study_id, Document.sha256 == digest)
        ).first()
        if existing is not None:
            return _info(existing, len(data))
        row = Document(study_id=study_id, sha256=digest, filename=filename, pages=pages)
        self.session.add(row)
        self.session.flush()
        self.audit.record("document.attach", study_id=study_id, detail=f"{filename} ({digest})")
        return _info(row, len(data))

    def put(self, document_id: str, study_id: str, filename: str, data: bytes, pages: int) -> bool:
        """Hold this document under this id (a lead's update); False if it was here."""
        if self.session.get(Document, document_id) is not None:
            return False
        digest = keep_blob(self.session, data)
        self.session.add(
            Document(
                id=document_id, study_id=study_id, sha256=digest, filename=filename, pages=pages
            )
        )
        self.audit.record("document.attach", study_id=study_id, detail=f"{filename} ({digest})")
        return True

    def quotes_on(self, document_id: str) -> int:
        """How many quotes of evidence point into a document."""
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(EvidenceQuote)
                .where(EvidenceQuote.document_id == document_id)
            )
            or 0
        )

    def quote_places(self, document_id: str) -> dict[str, tuple[int, list[Rect]]]:
        """Where each quote into a document is: its page and word boxes."""
        rows = self.session.execute(
            select(EvidenceQuote.id, EvidenceQuote.page, EvidenceQuote.rects).where(
                EvidenceQuote.document_id == document_id
            )
        )
        return {quote: (page, [tuple(r) for r in rects]) for quote, page, rects in rows}

    def quotes_in(self, document_id: str) -> list[StoredQuote]:
        """The quotes of evidence that point into a document, oldest first."""
        rows = self.session.execute(
            select(EvidenceQuote.id, EvidenceQuote.page, EvidenceQuote.quote)
            .where(EvidenceQuote.document_id == document_id)
            .order_by(EvidenceQuote.created_at, EvidenceQuote.id)
        )
        return [StoredQuote(*row) for row in rows]

    def replace(
        self, old_id: str, new: DocumentInfo, moved: dict[str, tuple[int, list[Rect]]]
    ) -> None:
        """Put `new` in the place of document `old_id`: each quote in `moved` points
        to its new page and words; the others go with the old document (the audit
        log keeps them)."""
        for quote_id, (page, rects) in moved.items():
            row = self.session.get(EvidenceQuote, quote_id)
            if row is None or row.document_id != old_id:
                raise NotFoundError("a quote was changed meanwhile; replace the PDF again")
            row.document_id, row.page, row.rects = new.id, page, [list(r) for r in rects]
        self.session.flush()
        old = self.session.get(Document, old_id)
        if old is None:
            raise NotFoundError("the PDF is no longer attached")
        # A reviewer's next package may still quote the old file: it is followed here.
        self.session.merge(Setting(key=f"{REPLACED}{old_id}", value=new.id))
        self.audit.record(
            "document.replace",
            study_id=new.study_id,
            detail=f"{old.filename} ({old.sha256}) by {new.filename} ({new.sha256}): "
            f"{counted(len(moved), 'quote')} found again, {self.quotes_on(old_id)} not",
        )
        self.detach(old_id)

    def replaced_by(self, document_id: str) -> str | None:
        """The document that now stands for one replaced (through every replacement
        since), or None when it was not replaced."""
        seen: set[str] = set()
        current: str | None = None
        while document_id not in seen:
            seen.add(document_id)
            row = self.session.get(Setting, f"{REPLACED}{document_id}")
            if row is None:
                break
            current = document_id = str(row.value)
        return current

    def detach(self, document_id: str) -> None:
        """Take a document from its study, with the quotes that point into it (the
        audit log keeps them); its content stays while another study holds it."""
        row = self.session.get(Document, document_id)
        if row is None:
            raise NotFoundError("the PDF is no longer attached")
        study_id, filename, digest = row.study_id, row.filename, row.sha256
        quotes = self.quotes_on(document_id)
        self.session.expunge(row)
        self.session.execute(delete(Document).where(Document.id == document_id))
        if not self.session.scalar(
            select(func.count()).select_from(Document).where(Document.sha256 == digest)
        ):
            self.session.execute(delete(Blob).where(Blob.sha256 == digest))
        self.audit.record(
            "document.detach",
            study_id=study_id,
            detail=f"{filename} ({digest}), with {quotes} quotes",
        )

    def list(self, study_id: str | None = None) -> list[DocumentInfo]:
        query = (
            select(Document, Blob.size)
            .join(Blob, Blob.sha256 == Document.sha256)
            .order_by(Document.added_at)
        )
        if study_id is not None:
            query = query.where(Document.study_id == study_id)
        return [_info(row, size) for row, size in self.session.execute(query)]

    def data(self, document_id: str) -> bytes:
        row = self.session.get(Document, document_id)
        if row is None:
            raise ExtractorError(f"no document {document_id} in the project")
        return self.session.scalars(select(Blob.data).where(Blob.sha256 == row.sha256)).one()
