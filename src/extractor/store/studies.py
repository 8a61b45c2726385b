"""Studies: the records being extracted, with their citations."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from extractor.core.errors import ConflictError, NotFoundError
from extractor.core.identity import StudyIndex
from extractor.core.model import Citation, StudyInfo
from extractor.store.audit import Audit
from extractor.store.models import Document, Study, new_id

CITATION_FIELDS = tuple(Citation.__dataclass_fields__)


def _citation(row: Study) -> Citation:
    return Citation(**{name: getattr(row, name) for name in CITATION_FIELDS})


def _info(row: Study, documents: int = 0) -> StudyInfo:
    return StudyInfo(
        id=row.id, label=row.label, ref=row.ref, citation=_citation(row), documents=documents
    )


class Studies:
    def __init__(self, session: Session, audit: Audit) -> None:
        self.session = session
        self.audit = audit
        self._index: StudyIndex[str] | None = None  # built on first use, kept up to date
        self._position: int | None = None  # the last study's position in the list

    def list(self) -> list[StudyInfo]:
        counts = (
            select(Document.study_id, func.count(Document.id).label("n"))
            .group_by(Document.study_id)
            .subquery()
        )
        query = (
            select(Study, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.study_id == Study.id)
            .order_by(Study.position, Study.label)
        )
        return [_info(row, n) for row, n in self.session.execute(query)]

    def get(self, study_id: str) -> StudyInfo | None:
        row = self.session.get(Study, study_id)
        return None if row is None else _info(row)

    def find(self, name: str) -> StudyInfo | None:
        """A study by its label (any case), its reference number or its id."""
        wanted = name.strip()
        if not wanted:
            return None
        if (row := self.session.get(Study, wanted)) is not None:
            return _info(row)
        for row in self.session.scalars(select(Study)):
            if row.label.casefold() == wanted.casefold():
                return _info(row)
        row = self.session.scalars(select(Study).where(Study.ref == wanted)).first()
        return None if row is None else _info(row)

    def upsert(self, label: str, ref: str | None, citation: Citation) -> tuple[StudyInfo, bool]:
        """Add a study, or update the one with the same label, DOI or PMID.

        Returns the study and whether it was new.
        """
        row = self._match(label, citation)
        created = row is None
        if row is None:
            row = Study(id=new_id(), label=label, position=self._next_position())
            self.session.add(row)
        before = {"label": row.label, "ref": row.ref} | {
            name: getattr(row, name) for name in CITATION_FIELDS
        }
        row.label = label
        if ref is not None:
            row.ref = ref
        for name, value in asdict(citation).items():
            if value is not None:
                setattr(row, name, value)
        self._indexed(row)  # the id is set above, so no flush per study: one at commit
        after = {"label": row.label, "ref": row.ref} | {
            name: getattr(row, name) for name in CITATION_FIELDS
        }
        if created:
            self.audit.record("study.add", study_id=row.id, new=after)
        elif after != before:
            self.audit.record("study.update", study_id=row.id, old=before, new=after)
        return _info(row), created

    def put(self, study_id: str, label: str, ref: str | None, citation: Citation) -> bool:
        """Make the study with this id hold these details (a lead's update reaching a
        reviewer's copy); returns whether anything changed."""
        row = self.session.get(Study, study_id)
        details = {"label": label, "ref": ref} | asdict(citation)
        if row is None:
            clash = self._match(label, Citation())
            if clash is not None:
                raise ConflictError(f"study '{label}' exists here under another identity")
            row = Study(id=study_id, position=self._next_position(), **details)
            self.session.add(row)
            self._indexed(row)
            self.audit.record("study.add", study_id=study_id, new=details)
            return True
        before = {name: getattr(row, name) for name in details}
        if before == details:
            return False
        for name, value in details.items():
            setattr(row, name, value)
        self._indexed(row)
        self.audit.record("study.update", study_id=study_id, old=before, new=details)
        return True

    def remove(self, study_id: str, detail: str) -> None:
        """Delete a study with everything it holds (answers, quotes, decisions, PDFs:
        the database cascades); the audit log keeps their history and says what went."""
        row = self.session.get(Study, study_id)
        if row is None:
            raise NotFoundError("the study no longer exists")
        before = {"label": row.label, "ref": row.ref} | {
            name: getattr(row, name) for name in CITATION_FIELDS
        }
        self.session.expunge(row)  # deleted below by SQL, with its cascade
        self.session.execute(delete(Study).where(Study.id == study_id))
        self._index = None
        self.audit.record("study.remove", study_id=study_id, old=before, detail=detail)

    def _match(self, label: str, citation: Citation) -> Study | None:
        """The study this record names, by core's identity rule; the index is built
        once per transaction, so an import of N studies is linear."""
        if self._index is None:
            self._index = StudyIndex()
            for row in self.session.scalars(select(Study).order_by(Study.position)):
                self._index.put(row.id, row.label, _citation(row))
        found = self._index.find(label, citation)
        return None if found is None else self.session.get(Study, found)

    def _next_position(self) -> int:
        if self._position is None:
            self._position = self.session.scalar(select(func.coalesce(func.max(Study.position), 0)))
        self._position = (self._position or 0) + 1
        return self._position

    def _indexed(self, row: Study) -> None:
        if self._index is not None:
            self._index.put(row.id, row.label, _citation(row))
