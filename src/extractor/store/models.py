"""The project file's tables, as SQLAlchemy 2 typed models.

Identifiers are UUID strings so that rows keep their identity when reviewers'
copies are merged. Values are stored as JSON text of the field's type.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from extractor.core.compare import Row
from extractor.core.values import Value

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> str:
    """Timestamps are ISO 8601 text in UTC: readable in any SQLite browser."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class JSON(TypeDecorator[Any]):
    """A JSON value kept as text. SQLAlchemy's own JSON type declares a column
    SQLite gives numeric affinity, which stores an integer beyond 64 bits as a
    float: `2**70 + 1` came back as 1.1805916207174113e+21."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: object) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value: str | None, dialect: object) -> Any:
        return None if value is None else json.loads(value)

    def compare_values(self, x: Any, y: Any) -> bool:
        # As stored, not as Python compares: 6 and 6.0 are equal numbers but not the
        # same answer (an integer, and a decimal), and the flush must write the change.
        return json.dumps(x, ensure_ascii=False) == json.dumps(y, ensure_ascii=False)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def keeps(rows: str) -> dict[str, dict[str, str]]:
    """What a reviewer's blind copy keeps of a table, as an SQL condition on its rows
    (`:me` is that reviewer's id; "1" keeps every row, "0" none). Every table says it
    (`store/sharing.py` refuses to share a project with a table that does not), so a
    table added later cannot leak another reviewer's work by being forgotten."""
    return {"info": {"share": rows}}


ALL_ROWS, NO_ROWS = "1", "0"


class Project(Base):
    __tablename__ = "project"
    __table_args__ = keeps(ALL_ROWS)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(Text)
    review_question: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class Reviewer(Base):
    __tablename__ = "reviewer"
    __table_args__ = keeps("id = :me")

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(Text, unique=True)
    initials: Mapped[str] = mapped_column(String(8), default="")
    is_consensus: Mapped[bool] = mapped_column(default=False)
    added_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Study(Base):
    __tablename__ = "study"
    __table_args__ = keeps(ALL_ROWS)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    label: Mapped[str] = mapped_column(Text, unique=True)
    ref: Mapped[str | None] = mapped_column(String(32), default=None)
    authors: Mapped[str | None] = mapped_column(Text, default=None)
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    title: Mapped[str | None] = mapped_column(Text, default=None)
    journal: Mapped[str | None] = mapped_column(Text, default=None)
    doi: Mapped[str | None] = mapped_column(Text, default=None)
    pmid: Mapped[str | None] = mapped_column(String(16), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)

    documents: Mapped[list[Document]] = relationship(back_populates="study")


class ReferenceRecord(Base):
    """A record of a database search as imported: the stage before a study. One
    found by several databases is one reference with several sources; one included
    at full text points at the study it became."""

    __tablename__ = "reference"
    __table_args__ = keeps(ALL_ROWS)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    label: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    journal: Mapped[str] = mapped_column(Text, default="")
    volume: Mapped[str] = mapped_column(Text, default="")
    issue: Mapped[str] = mapped_column(Text, default="")
    pages: Mapped[str] = mapped_column(Text, default="")
    doi: Mapped[str | None] = mapped_column(Text, default=None, index=True)
    pmid: Mapped[str | None] = mapped_column(String(16), default=None, index=True)
    abstract: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    study_id: Mapped[str | None] = mapped_column(
        ForeignKey("study.id", ondelete="SET NULL"), default=None
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    not_retrieved: Mapped[bool] = mapped_column(default=False, server_default=text("0"))


class ReferenceFile(Base):
    """A full text of a reference, for screening before the reference is a study;
    the study a reference becomes holds its files as documents."""

    __tablename__ = "reference_file"
    __table_args__ = (UniqueConstraint("reference_id", "sha256"), keeps(ALL_ROWS))

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    reference_id: Mapped[str] = mapped_column(
        ForeignKey("reference.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"), index=True)
    filename: Mapped[str] = mapped_column(Text)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    matched: Mapped[str] = mapped_column(Text, default="")  # how it was matched, in words
    added_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class ReferenceSource(Base):
    """Where a reference was found: one row per record of an imported file, so that
    the records identified per database, and the duplicates removed, can be counted."""

    __tablename__ = "reference_source"
    __table_args__ = keeps(ALL_ROWS)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    reference_id: Mapped[str] = mapped_column(
        ForeignKey("reference.id", ondelete="CASCADE"), index=True
    )
    database: Mapped[str] = mapped_column(Text)
    file: Mapped[str] = mapped_column(Text)
    record: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class Blob(Base):
    """File content, stored once per SHA-256 however many documents refer to it."""

    __tablename__ = "blob"
    __table_args__ = keeps(ALL_ROWS)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Document(Base):
    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("study_id", "sha256"), keeps(ALL_ROWS))

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    study_id: Mapped[str] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"), index=True)
    filename: Mapped[str] = mapped_column(Text)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[str] = mapped_column(String(32), default=utc_now)

    study: Mapped[Study] = relationship(back_populates="documents")
    blob: Mapped[Blob] = relationship()


class Form(Base):
    __tablename__ = "form"
    __table_args__ = keeps(ALL_ROWS)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=1)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)


class FormVersion(Base):
    """A version of a form that a later one replaced: its definition, so that packages
    made on it can still be read, and when it was replaced."""

    __tablename__ = "form_version"
    __table_args__ = (UniqueConstraint("form_id", "version"), keeps(ALL_ROWS))

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    form_id: Mapped[str] = mapped_column(ForeignKey("form.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    replaced_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class FormVersionData(Base):
    """One reviewer's answers to a form as they were when the form's next version
    lost or converted some of them: the data of the version they belong to. Each
    reviewer's apart, so that a blind copy keeps only its own."""

    __tablename__ = "form_version_data"
    __table_args__ = (
        UniqueConstraint("form_version_id", "reviewer_id"),
        keeps("reviewer_id = :me"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    form_version_id: Mapped[str] = mapped_column(
        ForeignKey("form_version.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"))
    extractions: Mapped[list[Any]] = mapped_column(JSON)


class Extraction(Base):
    """One reviewer's work on one form for one study (and, for tools that judge a
    result rather than a study, one result: `result` labels it, '' otherwise)."""

    __tablename__ = "extraction"
    __table_args__ = (
        UniqueConstraint("study_id", "form_id", "reviewer_id", "result"),
        keeps("reviewer_id = :me"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    study_id: Mapped[str] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    form_id: Mapped[str] = mapped_column(ForeignKey("form.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"), index=True)
    result: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="not started")
    updated_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class GroupRow(Base):
    """A row of a repeating group (an arm, a patient) inside one extraction."""

    __tablename__ = "group_row"
    __table_args__ = keeps("extraction_id IN (SELECT id FROM extraction)")

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    extraction_id: Mapped[str] = mapped_column(
        ForeignKey("extraction.id", ondelete="CASCADE"), index=True
    )
    group_key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (
        # A study-level answer has no row; each (extraction, field) or (row, field)
        # is answered once. Two partial indexes say so on SQLite and PostgreSQL alike.
        Index(
            "uq_answer_study_level",
            "extraction_id",
            "field_key",
            unique=True,
            sqlite_where=text("row_id IS NULL"),
            postgresql_where=text("row_id IS NULL"),
        ),
        Index("uq_answer_row_level", "row_id", "field_key", unique=True),
        keeps("extraction_id IN (SELECT id FROM extraction)"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    extraction_id: Mapped[str] = mapped_column(
        ForeignKey("extraction.id", ondelete="CASCADE"), index=True
    )
    row_id: Mapped[str | None] = mapped_column(
        ForeignKey("group_row.id", ondelete="CASCADE"), default=None
    )
    field_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[object | None] = mapped_column(JSON, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(ForeignKey("reviewer.id"))
    updated_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class EvidenceQuote(Base):
    """A quote from a document that supports an answer."""

    __tablename__ = "evidence"
    __table_args__ = keeps("answer_id IN (SELECT id FROM answer)")

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    answer_id: Mapped[str] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    page: Mapped[int] = mapped_column(Integer)
    rects: Mapped[list[Any]] = mapped_column(JSON)
    quote: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class Resolution(Base):
    """What the consensus took for one disagreement, by whom and why."""

    __tablename__ = "resolution"
    __table_args__ = (
        UniqueConstraint("study_id", "form_id", "result", "field_path"),
        keeps(NO_ROWS),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    study_id: Mapped[str] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    form_id: Mapped[str] = mapped_column(ForeignKey("form.id", ondelete="CASCADE"))
    result: Mapped[str] = mapped_column(Text, default="")
    field_path: Mapped[str] = mapped_column(Text)
    reviewer_a_id: Mapped[str | None] = mapped_column(ForeignKey("reviewer.id"), default=None)
    reviewer_b_id: Mapped[str | None] = mapped_column(ForeignKey("reviewer.id"), default=None)
    choice: Mapped[str] = mapped_column(String(8))
    value: Mapped[Value | Row] = mapped_column(JSON, default=None)
    reason: Mapped[str] = mapped_column(Text, default="")
    resolved_by: Mapped[str | None] = mapped_column(ForeignKey("reviewer.id"), default=None)
    resolved_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class AuditEvent(Base):
    """Append-only log of every change: who, when, what, old and new; each event
    sealed into its chain when its transaction commits (core/audit_chain)."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_chain_id", "chain", "id"),
        Index("ix_audit_event_unsealed", "id", sqlite_where=text("hash IS NULL")),
        # A reviewer's chain is exactly their own events, without the lead's
        # decisions (which can carry the other reviewer's answers).
        keeps("chain = :me"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(32), default=utc_now)
    reviewer_id: Mapped[str | None] = mapped_column(String(36), default=None)
    action: Mapped[str] = mapped_column(String(32))
    study_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    form_key: Mapped[str | None] = mapped_column(String(64), default=None)
    field_path: Mapped[str | None] = mapped_column(Text, default=None)
    old: Mapped[object | None] = mapped_column(JSON, default=None)
    new: Mapped[object | None] = mapped_column(JSON, default=None)
    detail: Mapped[str] = mapped_column(Text, default="")
    chain: Mapped[str | None] = mapped_column(String(36), default=None)
    previous_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    hash: Mapped[str | None] = mapped_column(String(64), default=None)


class Setting(Base):
    """Project-level settings (export options, glossary), one JSON value per key."""

    __tablename__ = "setting"
    __table_args__ = keeps("key NOT LIKE 'package:%'")

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object | None] = mapped_column(JSON)


class Assignment(Base):
    """The pair of reviewers a study is given to: its conflicts and agreement are
    computed between these two, whoever else answered."""

    __tablename__ = "assignment"
    # A blind copy knows only its own reviewer, not the one it is paired with.
    __table_args__ = keeps(NO_ROWS)

    study_id: Mapped[str] = mapped_column(
        ForeignKey("study.id", ondelete="CASCADE"), primary_key=True
    )
    reviewer_a_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"))
    reviewer_b_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"))
    assigned_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class ScreeningDecision(Base):
    """One reviewer's decision on one record at one stage of screening (title and
    abstract, or full text); the consensus reviewer's is the team's."""

    __tablename__ = "screening_decision"
    __table_args__ = (
        UniqueConstraint("reference_id", "reviewer_id", "stage"),
        keeps("reviewer_id = :me"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    reference_id: Mapped[str] = mapped_column(
        ForeignKey("reference.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"))
    stage: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class PrismaCount(Base):
    """A count of the PRISMA 2020 flow diagram, keyed as the PRISMA2020 template keys
    it. A list count (reports excluded, with reasons) has no number of its own: its
    items are its PrismaReason rows."""

    __tablename__ = "prisma_count"
    __table_args__ = keeps(ALL_ROWS)

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int | None] = mapped_column(Integer, default=None)

    reasons: Mapped[list[PrismaReason]] = relationship(
        order_by="PrismaReason.position", cascade="all, delete-orphan"
    )


class PrismaReason(Base):
    __tablename__ = "prisma_reason"
    __table_args__ = keeps(ALL_ROWS)

    key: Mapped[str] = mapped_column(
        ForeignKey("prisma_count.key", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer)


class ReviewerKey(Base):
    """The key a reviewer's packages are signed with, made when their copy is shared:
    the lead's project keeps every reviewer's, a copy only its own."""

    __tablename__ = "reviewer_key"
    __table_args__ = keeps("reviewer_id = :me")

    reviewer_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
