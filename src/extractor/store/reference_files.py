"""Full texts of references: PDFs matched to records before they are studies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.core.errors import ExtractorError
from extractor.store.audit import Audit
from extractor.store.documents import keep_blob
from extractor.store.models import Blob, ReferenceFile, ReferenceRecord


@dataclass(frozen=True)
class ReferenceFileInfo:
    id: str
    reference_id: str
    sha256: str
    filename: str
    pages: int
    matched: str  # how the file was matched to its reference, in words


def _info(row: ReferenceFile) -> ReferenceFileInfo:
    return ReferenceFileInfo(
        row.id, row.reference_id, row.sha256, row.filename, row.pages, row.matched
    )


class ReferenceFiles:
    def __init__(self, session: Session, audit: Audit) -> None:
        self.session = session
        self.audit = audit

    def list(self, reference_id: str | None = None) -> list[ReferenceFileInfo]:
        query = select(ReferenceFile).order_by(ReferenceFile.added_at, ReferenceFile.filename)
        if reference_id is not None:
            query = query.where(ReferenceFile.reference_id == reference_id)
        return [_info(row) for row in self.session.scalars(query)]

    def attach(
        self, reference_id: str, filename: str, data: bytes, pages: int, matched: str
    ) -> tuple[ReferenceFileInfo, bool]:
        """Keep a full text with a reference; the same content twice is kept once.
        Returns the file and whether it is new."""
        digest = keep_blob(self.session, data)
        existing = self.session.scalars(
            select(ReferenceFile).where(
                ReferenceFile.reference_id == reference_id, ReferenceFile.sha256 == digest
            )
        ).first()
        if existing is not None:
            return _info(existing), False
        row = ReferenceFile(
            reference_id=reference_id,
            sha256=digest,
            filename=filename,
            pages=pages,
            matched=matched,
        )
        self.session.add(row)
        self.session.flush()
        label = self.session.get(ReferenceRecord, reference_id)
        self.audit.record(
            "reference.file",
            field=None if label is None else label.label,
            new=filename,
            detail=f"{matched} ({digest})",
        )
        return _info(row), True

    def put(self, info: ReferenceFileInfo, data: bytes) -> bool:
        """Hold this file under its id and reference (the lead's update: a merge
        there moved it to the reference it joined); False if it was here as it is."""
        held = self.session.get(ReferenceFile, info.id)
        if held is not None:
            if held.reference_id == info.reference_id:
                return False
            held.reference_id = info.reference_id
            self.session.flush()
            return True
        keep_blob(self.session, data)
        self.session.add(
            ReferenceFile(
                id=info.id,
                reference_id=info.reference_id,
                sha256=info.sha256,
                filename=info.filename,
                pages=info.pages,
                matched=info.matched,
            )
        )
        return True

    def move(self, gone_id: str, keep_id: str) -> None:
        """A merged reference's files go with it to the one it joined."""
        kept = {f.sha256 for f in self.list(keep_id)}
        for row in list(
            self.session.scalars(select(ReferenceFile).where(ReferenceFile.reference_id == gone_id))
        ):
            if row.sha256 in kept:
                self.session.delete(row)  # the same file: the content stays with the kept one
            else:
                row.reference_id = keep_id
        self.session.flush()

    def data(self, file_id: str) -> bytes:
        row = self.session.get(ReferenceFile, file_id)
        if row is None:
            raise ExtractorError(f"no full text {file_id} in the project")
        return self.session.scalars(select(Blob.data).where(Blob.sha256 == row.sha256)).one()
