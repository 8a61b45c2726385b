"""References and their sources, as stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from extractor.core.references import Reference
from extractor.store.audit import Audit
from extractor.store.models import ReferenceRecord, ReferenceSource, new_id
from extractor.store.reference_files import ReferenceFiles
from extractor.store.screening import Screening


@dataclass(frozen=True)
class Source:
    database: str
    file: str
    record: int


@dataclass(frozen=True)
class StoredReference:
    id: str
    label: str
    reference: Reference
    sources: tuple[Source, ...]
    study_id: str | None
    not_retrieved: bool = False


class References:
    def __init__(self, session: Session, audit: Audit) -> None:
        self.session = session
        self.audit = audit

    def list(self) -> list[StoredReference]:
        rows = self.session.scalars(select(ReferenceRecord).order_by(ReferenceRecord.position))
        return _stored(self.session, rows.all(), select(ReferenceSource))

    def get(self, reference_id: str) -> StoredReference | None:
        row = self.session.get(ReferenceRecord, reference_id)
        if row is None:
            return None
        query = select(ReferenceSource).where(ReferenceSource.reference_id == reference_id)
        return _stored(self.session, [row], query)[0]

    def find(self, name: str) -> StoredReference | None:
        """A reference by its label (any case), DOI or PMID."""
        wanted = name.strip()
        found = self.session.scalars(
            select(ReferenceRecord.id).where(
                (ReferenceRecord.doi == wanted.casefold()) | (ReferenceRecord.pmid == wanted)
            )
        ).first()
        if found is None:
            labels = self.session.execute(select(ReferenceRecord.id, ReferenceRecord.label))
            folded = wanted.casefold()
            found = next((id_ for id_, label in labels if label.casefold() == folded), None)
        return None if found is None else self.get(found)

    def sourced(self) -> bool:
        """Whether any reference came from an imported search."""
        return self.session.scalar(select(ReferenceSource.id).limit(1)) is not None

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(ReferenceRecord)) or 0

    def add(self, reference: Reference, label: str, position: int) -> str:
        """Store a new reference, `position` in the list, with its source; returns its id."""
        row = ReferenceRecord(
            id=new_id(),
            label=label,
            title=reference.title,
            authors=list(reference.authors),
            year=reference.year,
            journal=reference.journal,
            volume=reference.volume,
            issue=reference.issue,
            pages=reference.pages,
            doi=reference.doi,
            pmid=reference.pmid,
            abstract=reference.abstract,
            keywords=list(reference.keywords),
            position=position,
        )
        self.session.add(row)  # written with the transaction, many at once
        self._source(row.id, reference)
        self.audit.record(
            "reference.add", field=label, new=reference.title, detail=_from(reference)
        )
        return row.id

    def merge(self, reference_id: str, duplicate: Reference, reason: str) -> None:
        """Keep `duplicate` as another source of a stored reference, and fill what
        the stored one lacks (an identifier, an abstract) from it."""
        row = self.session.get(ReferenceRecord, reference_id)
        assert row is not None
        self._fill(row, duplicate)
        self._source(row.id, duplicate)
        self.audit.record(
            "reference.merge",
            field=row.label,
            new=duplicate.title,
            detail=f"{reason}; {_from(duplicate)}",
        )

    def merge_stored(self, keep_id: str, gone_id: str, reason: str) -> None:
        """Merge one stored reference into another: its sources move, what the kept
        one lacks is filled from it, and it is removed (the audit log keeps it)."""
        keep = self.session.get(ReferenceRecord, keep_id)
        gone = self.session.get(ReferenceRecord, gone_id)
        assert keep is not None and gone is not None
        self._fill(keep, _reference(gone))
        for source in self.session.scalars(
            select(ReferenceSource).where(ReferenceSource.reference_id == gone_id)
        ):
            source.reference_id = keep_id
        if keep.study_id is None:
            keep.study_id = gone.study_id
        keep.not_retrieved = keep.not_retrieved and gone.not_retrieved
        dropped = Screening(self.session, self.audit).move(gone_id, keep_id)
        ReferenceFiles(self.session, self.audit).move(gone_id, keep_id)
        kept_own = "".join(
            f"; {keep.label} keeps its own {d.stage} decision over {gone.label}'s {d.decision}"
            for d in dropped
        )
        self.audit.record(
            "reference.merge",
            field=keep.label,
            old=gone.label,
            new=gone.title,
            detail=f"{reason}; {gone.label} merged into {keep.label}{kept_own}",
        )
        self.session.flush()
        self.session.delete(gone)
        self.session.flush()

    def put(self, stored: StoredReference, position: int) -> bool:
        """Make the reference with this id hold these details and sources (the lead's
        update reaching a reviewer's copy); returns whether anything changed."""
        row = self.session.get(ReferenceRecord, stored.id)
        created = row is None
        if row is None:
            row = ReferenceRecord(id=stored.id)
            self.session.add(row)
        reference = stored.reference
        details = {
            "label": stored.label,
            "title": reference.title,
            "authors": list(reference.authors),
            "year": reference.year,
            "journal": reference.journal,
            "volume": reference.volume,
            "issue": reference.issue,
            "pages": reference.pages,
            "doi": reference.doi,
            "pmid": reference.pmid,
            "abstract": reference.abstract,
            "keywords": list(reference.keywords),
            "study_id": stored.study_id,
            "not_retrieved": stored.not_retrieved,
            "position": position,
        }
        before = {name: getattr(row, name) for name in details}
        for name, value in details.items():
            setattr(row, name, value)
        old_sources = [
            Source(s.database, s.file, s.record)
            for s in self.session.scalars(
                select(ReferenceSource)
                .where(ReferenceSource.reference_id == stored.id)
                .order_by(ReferenceSource.imported_at, ReferenceSource.record)
            )
        ]
        if old_sources != list(stored.sources):
            self.session.execute(
                delete(ReferenceSource).where(ReferenceSource.reference_id == stored.id)
            )
            for source in stored.sources:
                self.session.add(
                    ReferenceSource(
                        reference_id=stored.id,
                        database=source.database,
                        file=source.file,
                        record=source.record,
                    )
                )
        changed = created or before != details or old_sources != list(stored.sources)
        if changed:
            self.audit.record(
                "reference.add" if created else "reference.update",
                field=stored.label,
                new=reference.title,
                detail="from the lead's update",
            )
        self.session.flush()
        return changed

    def remove(self, reference_id: str, detail: str) -> None:
        row = self.session.get(ReferenceRecord, reference_id)
        if row is None:
            return
        self.audit.record("reference.remove", field=row.label, old=row.title, detail=detail)
        self.session.delete(row)
        self.session.flush()

    def set_retrieval(self, reference_id: str, not_retrieved: bool) -> bool:
        """Record whether the full text could not be retrieved; returns whether
        that changed."""
        row = self.session.get(ReferenceRecord, reference_id)
        assert row is not None
        if row.not_retrieved == not_retrieved:
            return False
        row.not_retrieved = not_retrieved
        self.audit.record(
            "reference.retrieval",
            field=row.label,
            old="not retrieved" if not not_retrieved else "retrieved",
            new="not retrieved" if not_retrieved else "retrieved",
        )
        return True

    def link(self, reference_id: str, study_id: str | None) -> None:
        """Make the reference a report of the study (None: of no study)."""
        row = self.session.get(ReferenceRecord, reference_id)
        assert row is not None
        if row.study_id == study_id:
            return
        self.audit.record(
            "reference.link", study_id=study_id or row.study_id, field=row.label,
            old=row.study_id, new=study_id,
        )  # fmt: skip
        row.study_id = study_id
        self.session.flush()

    def _fill(self, row: ReferenceRecord, other: Reference) -> None:
        for name in ("doi", "pmid"):
            if getattr(row, name) is None and getattr(other, name):
                setattr(row, name, getattr(other, name))
        for name in ("abstract", "journal", "volume", "issue", "pages"):
            if not getattr(row, name) and getattr(other, name):
                setattr(row, name, getattr(other, name))
        if row.year is None and other.year is not None:
            row.year = other.year

    def _source(self, reference_id: str, reference: Reference) -> None:
        self.session.add(
            ReferenceSource(
                reference_id=reference_id,
                database=reference.database,
                file=reference.file,
                record=reference.record,
            )
        )


def _stored(
    session: Session, rows: Sequence[ReferenceRecord], sources_query: Select[Any]
) -> list[StoredReference]:
    sources: dict[str, list[Source]] = {}
    for source in session.scalars(
        sources_query.order_by(ReferenceSource.imported_at, ReferenceSource.record)
    ):
        sources.setdefault(source.reference_id, []).append(
            Source(source.database, source.file, source.record)
        )
    return [
        StoredReference(
            row.id,
            row.label,
            _reference(row),
            tuple(sources.get(row.id, [])),
            row.study_id,
            row.not_retrieved,
        )
        for row in rows
    ]


def _from(reference: Reference) -> str:
    return f"{reference.database or 'no database'}: {reference.file}, record {reference.record}"


def _reference(row: ReferenceRecord) -> Reference:
    return Reference(
        title=row.title,
        authors=tuple(row.authors),
        year=row.year,
        journal=row.journal,
        volume=row.volume,
        issue=row.issue,
        pages=row.pages,
        doi=row.doi,
        pmid=row.pmid,
        abstract=row.abstract,
        keywords=tuple(row.keywords),
    )
