"""A form's answers as a new version of it sees them, the changes a revision makes
to them, and the versions it replaced."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from extractor.core.forms import Form, parse_form
from extractor.core.values import JsonValue, Value
from extractor.core.words import counted
from extractor.store.audit import Audit
from extractor.store.models import (
    Answer,
    AuditEvent,
    EvidenceQuote,
    Extraction,
    FormVersion,
    FormVersionData,
    GroupRow,
    Resolution,
    Reviewer,
    Study,
)
from extractor.store.models import Form as FormRow


@dataclass(frozen=True)
class StoredAnswer:
    """One answer to a form, with whose and where it is."""

    id: str
    study_id: str
    study: str  # the study's label
    reviewer_id: str
    reviewer: str
    result: str
    status: str
    path: str  # `key`, or `group.sub`
    row: int | None  # 1-based, in a group
    value: Value
    quotes: int

    @property
    def place(self) -> str:
        """Where it is in the extraction: `country`, `arms[2].patients`."""
        if self.row is None:
            return self.path
        group, _, sub = self.path.partition(".")
        return f"{group}[{self.row}].{sub}"


@dataclass(frozen=True)
class StoredDecision:
    """A decision taken on one disagreement of a form: what the consensus took."""

    id: str
    study_id: str
    study: str
    result: str
    path: str
    value: object


@dataclass(frozen=True)
class ArchivedVersion:
    version: int
    replaced_at: str
    form: Form
    data: dict[str, list[dict[str, JsonValue]]]  # reviewer name -> their extractions


class FormVersions:
    def __init__(self, session: Session, audit: Audit) -> None:
        self.session = session
        self.audit = audit

    def answers(self, form_key: str) -> list[StoredAnswer]:
        """Every answer that holds a value, of every reviewer and result."""
        quotes = (
            select(EvidenceQuote.answer_id, func.count().label("quotes"))
            .group_by(EvidenceQuote.answer_id)
            .subquery()
        )
        query = (
            select(
                Answer.id,
                Answer.field_key,
                Answer.value,
                Extraction.id,
                Extraction.study_id,
                Study.label,
                Extraction.reviewer_id,
                Reviewer.name,
                Extraction.result,
                Extraction.status,
                GroupRow.group_key,
                GroupRow.position,
                func.coalesce(quotes.c.quotes, 0),
            )
            .join(Extraction, Extraction.id == Answer.extraction_id)
            .join(FormRow, FormRow.id == Extraction.form_id)
            .join(Study, Study.id == Extraction.study_id)
            .join(Reviewer, Reviewer.id == Extraction.reviewer_id)
            .outerjoin(GroupRow, GroupRow.id == Answer.row_id)
            .outerjoin(quotes, quotes.c.answer_id == Answer.id)
            .where(
                FormRow.key == form_key,
                or_(Answer.value.is_not(None), quotes.c.quotes.is_not(None)),
            )
            .order_by(Study.label, Reviewer.position, Extraction.result, GroupRow.position)
        )
        found = list(self.session.execute(query))
        rows = self._row_numbers(form_key)
        return [
            StoredAnswer(
                id=answer_id,
                study_id=study_id,
                study=label,
                reviewer_id=reviewer_id,
                reviewer=name,
                result=result,
                status=status,
                path=key if group is None else f"{group}.{key}",
                row=None if group is None else rows[(extraction_id, group, position)],
                value=cast(Value, value),
                quotes=quote_count,
            )
            for (
                answer_id,
                key,
                value,
                extraction_id,
                study_id,
                label,
                reviewer_id,
                name,
                result,
                status,
                group,
                position,
                quote_count,
            ) in found
        ]

    def retire(self, answer: StoredAnswer, form_key: str, reason: str) -> None:
        """Delete an answer (and its quotes); the audit log keeps its value and why."""
        quotes = f", with {counted(answer.quotes, 'quote')}" if answer.quotes else ""
        self.audit.record(
            "answer.retire",
            reviewer_id=answer.reviewer_id,
            study_id=answer.study_id,
            form_key=form_key,
            field=answer.place,
            old=answer.value,
            detail=f"{_result_of(answer)}{reason}{quotes}",
        )
        self.session.execute(delete(Answer).where(Answer.id == answer.id))

    def retired_before(
        self, reviewer_id: str, study_id: str, form_key: str, place: str, value: Value
    ) -> bool:
        """Whether the audit log already keeps this answer as retired (a revision of the
        form took it; a package made on the old version holds it again)."""
        query = select(AuditEvent.old).where(
            AuditEvent.action == "answer.retire",
            AuditEvent.reviewer_id == reviewer_id,
            AuditEvent.study_id == study_id,
            AuditEvent.form_key == form_key,
            AuditEvent.field_path == place,
            AuditEvent.detail.not_like("result '%"),  # a package holds no result's answers
        )
        wanted = json.dumps(value, ensure_ascii=False)
        return any(
            json.dumps(old, ensure_ascii=False) == wanted for old in self.session.scalars(query)
        )

    def convert(self, answer: StoredAnswer, value: Value, form_key: str, reason: str) -> None:
        self.audit.record(
            "answer.convert",
            reviewer_id=answer.reviewer_id,
            study_id=answer.study_id,
            form_key=form_key,
            field=answer.place,
            old=answer.value,
            new=value,
            detail=f"{_result_of(answer)}{reason}",
        )
        self.session.execute(update(Answer).where(Answer.id == answer.id).values(value=value))

    def decisions(self, form_key: str) -> list[StoredDecision]:
        query = (
            select(Resolution, Study.label)
            .join(FormRow, FormRow.id == Resolution.form_id)
            .join(Study, Study.id == Resolution.study_id)
            .where(FormRow.key == form_key)
            .order_by(Study.label, Resolution.field_path)
        )
        return [
            StoredDecision(row.id, row.study_id, label, row.result, row.field_path, row.value)
            for row, label in self.session.execute(query)
        ]

    def reopen(self, decision: StoredDecision, form_key: str, reason: str) -> None:
        """Take back a decision the new version cannot hold: the disagreement is open
        again; the audit log keeps what was decided."""
        self.audit.record(
            "conflict.reopen",
            study_id=decision.study_id,
            form_key=form_key,
            field=decision.path,
            old=cast(JsonValue, decision.value),
            detail=reason,
        )
        self.session.execute(delete(Resolution).where(Resolution.id == decision.id))

    def redecide(self, decision: StoredDecision, value: object, form_key: str, reason: str) -> None:
        """Keep a decision in the new version's terms (converted, or less a value)."""
        self.audit.record(
            "conflict.resolve",
            study_id=decision.study_id,
            form_key=form_key,
            field=decision.path,
            old=cast(JsonValue, decision.value),
            new=cast(JsonValue, value),
            detail=reason,
        )
        self.session.execute(
            update(Resolution).where(Resolution.id == decision.id).values(value=value)
        )

    def drop_rows(self, form_key: str, group_keys: Iterable[str]) -> None:
        """Delete the rows of groups a new version no longer has (their answers retired
        first)."""
        extractions = (
            select(Extraction.id)
            .join(FormRow, FormRow.id == Extraction.form_id)
            .where(FormRow.key == form_key)
        )
        self.session.execute(
            delete(GroupRow).where(
                GroupRow.extraction_id.in_(extractions), GroupRow.group_key.in_(list(group_keys))
            )
        )

    def archive(
        self, form_key: str, replaced: Form, answers: list[StoredAnswer] | None = None
    ) -> None:
        """Keep a replaced version's definition and, when given, its answers as they
        were, each reviewer's apart."""
        form_id = self._form_id(form_key)
        version = self.session.scalars(
            select(FormVersion).where(
                FormVersion.form_id == form_id, FormVersion.version == replaced.version
            )
        ).first()
        if version is None:
            version = FormVersion(
                form_id=form_id, version=replaced.version, definition=replaced.to_dict()
            )
            self.session.add(version)
            self.session.flush()
        if not answers:
            return
        quotes = self._quotes([answer.id for answer in answers if answer.quotes])
        for reviewer_id, extractions in _by_reviewer(answers, quotes).items():
            self.session.add(
                FormVersionData(
                    form_version_id=version.id, reviewer_id=reviewer_id, extractions=extractions
                )
            )

    def definition(self, form_key: str, version: int) -> Form | None:
        """A replaced version's definition, if the project kept it."""
        query = (
            select(FormVersion.definition)
            .join(FormRow, FormRow.id == FormVersion.form_id)
            .where(FormRow.key == form_key, FormVersion.version == version)
        )
        definition = self.session.scalars(query).first()
        return None if definition is None else parse_form(definition, f"form {form_key}")

    def archived(self, form_key: str) -> list[ArchivedVersion]:
        """The versions a form has had before its current one, oldest first."""
        query = (
            select(FormVersion)
            .join(FormRow, FormRow.id == FormVersion.form_id)
            .where(FormRow.key == form_key)
            .order_by(FormVersion.version)
        )
        found = []
        for version in self.session.scalars(query):
            data_query = (
                select(Reviewer.name, FormVersionData.extractions)
                .join(Reviewer, Reviewer.id == FormVersionData.reviewer_id)
                .where(FormVersionData.form_version_id == version.id)
                .order_by(Reviewer.position)
            )
            found.append(
                ArchivedVersion(
                    version=version.version,
                    replaced_at=version.replaced_at,
                    form=parse_form(version.definition, f"form {form_key}"),
                    data={name: list(items) for name, items in self.session.execute(data_query)},
                )
            )
        return found

    def _quotes(self, answer_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The quotes behind these answers, by answer, as an archive keeps them."""
        found: dict[str, list[dict[str, Any]]] = {}
        for start in range(0, len(answer_ids), 500):  # SQLite's limit on parameters
            query = (
                select(EvidenceQuote)
                .where(EvidenceQuote.answer_id.in_(answer_ids[start : start + 500]))
                .order_by(EvidenceQuote.created_at)
            )
            for quote in self.session.scalars(query):
                found.setdefault(quote.answer_id, []).append(
                    {
                        "document_id": quote.document_id,
                        "page": quote.page,
                        "rects": quote.rects,
                        "quote": quote.quote,
                    }
                )
        return found

    def _row_numbers(self, form_key: str) -> dict[tuple[str, str, int], int]:
        """Each group row's number (1-based) among its extraction's rows of its group."""
        query = (
            select(GroupRow.extraction_id, GroupRow.group_key, GroupRow.position)
            .join(Extraction, Extraction.id == GroupRow.extraction_id)
            .join(FormRow, FormRow.id == Extraction.form_id)
            .where(FormRow.key == form_key)
            .order_by(GroupRow.extraction_id, GroupRow.group_key, GroupRow.position)
        )
        numbers: dict[tuple[str, str, int], int] = {}
        counts: dict[tuple[str, str], int] = {}
        for extraction_id, group, position in self.session.execute(query):
            counts[(extraction_id, group)] = counts.get((extraction_id, group), 0) + 1
            numbers[(extraction_id, group, position)] = counts[(extraction_id, group)]
        return numbers

    def _form_id(self, form_key: str) -> str:
        return self.session.scalars(select(FormRow.id).where(FormRow.key == form_key)).one()


def _result_of(answer: StoredAnswer) -> str:
    return f"result {answer.result!r}: " if answer.result else ""


def _by_reviewer(
    answers: list[StoredAnswer], quotes: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """Each reviewer's answers as their extractions: study, result, status, the value
    at each place, and the quotes behind them (document, page, words)."""
    found: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for answer in answers:
        extractions = found.setdefault(answer.reviewer_id, {})
        item = extractions.setdefault(
            (answer.study_id, answer.result),
            {
                "study": answer.study,
                "result": answer.result,
                "status": answer.status,
                "answers": {},
                "quotes": {},
            },
        )
        item["answers"][answer.place] = answer.value
        if answer.id in quotes:
            item["quotes"][answer.place] = quotes[answer.id]
    return {reviewer: list(items.values()) for reviewer, items in found.items()}
