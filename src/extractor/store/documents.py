"""Documents attached to studies; their bytes live once per SHA-256 in `blob`."""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from extractor.core.errors import ExtractorError, NotFoundError
from extractor.core.model import DocumentInfo
from extractor.store.audit import Audit
from extractor.store.models import Blob, Document, EvidenceQuote


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
        digest = hashlib.sha256(data).hexdigest()
        if self.session.get(Blob, digest) is None:
            self.session.add(Blob(sha256=digest, size=len(data), data=data))
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
        digest = hashlib.sha256(data).hexdigest()
        if self.session.get(Blob, digest) is None:
            self.session.add(Blob(sha256=digest, size=len(data), data=data))
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
