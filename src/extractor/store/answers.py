"""Answers: every write of a value goes through here and into the audit log."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, cast, overload

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from extractor.core.errors import ExtractorError
from extractor.core.forms import Field, Form
from extractor.core.model import Evidence, ExtractionData, Status
from extractor.core.paths import FieldPath
from extractor.core.values import JsonValue, Value, check_at, check_value
from extractor.store.audit import Audit
from extractor.store.bulk import collector_paused
from extractor.store.models import (
    Answer,
    AuditEvent,
    EvidenceQuote,
    Extraction,
    GroupRow,
    new_id,
    utc_now,
)
from extractor.store.models import Form as FormRow

NewExtraction = tuple[str, Form, ExtractionData, str]  # study id, form, data, result


def _stored(value: object) -> Value:
    """An answer's value as read back: the column holds only checked values."""
    return cast(Value, value)


@dataclass
class _Sheet:
    """One extraction's rows and answers, loaded once and edited in memory."""

    extraction: Extraction
    form: Form
    rows: dict[str, list[GroupRow]] = field(default_factory=dict)
    answers: dict[tuple[str | None, str], Answer] = field(default_factory=dict)

    def row_values(self, row: GroupRow, group: Field) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for sub in group.fields:
            answer = self.answers.get((row.id, sub.key))
            values[sub.key] = None if answer is None else _stored(answer.value)
        return values


class Answers:
    def __init__(self, session: Session, audit: Audit) -> None:
        self.session = session
        self.audit = audit

    # reading

    def load(self, study_id: str, form: Form, reviewer_id: str, result: str = "") -> ExtractionData:
        sheet = self._sheet(study_id, form, reviewer_id, result, create=False)
        if sheet is None:
            return ExtractionData()
        data = ExtractionData(status=Status(sheet.extraction.status))
        for item in form.scalar_fields():
            answer = sheet.answers.get((None, item.key))
            if answer is not None and answer.value is not None:
                data.values[item.key] = _stored(answer.value)
        for group in form.groups():
            data.groups[group.key] = [
                sheet.row_values(row, group) for row in sheet.rows.get(group.key, [])
            ]
        data.evidence = self._evidence(sheet)
        return data

    def statuses(self, form_key: str, reviewer_id: str) -> dict[str, Status]:
        """The status of each study's extraction of a form by a reviewer."""
        query = (
            select(Extraction.study_id, Extraction.status)
            .join(FormRow, FormRow.id == Extraction.form_id)
            .where(FormRow.key == form_key, Extraction.reviewer_id == reviewer_id)
        )
        return {study: Status(status) for study, status in self.session.execute(query)}

    def load_all(
        self, form: Form, result: str = "", study_id: str | None = None
    ) -> dict[tuple[str, str], ExtractionData]:
        """Every extraction of a form (or of one study's), keyed by (study id, reviewer
        id), read in one query (values and statuses; no evidence): what comparing a
        whole project needs."""
        with collector_paused():
            return self._load_all(form, result, study_id)

    def _load_all(
        self, form: Form, result: str, study_id: str | None
    ) -> dict[tuple[str, str], ExtractionData]:
        found: dict[tuple[str, str], ExtractionData] = {}
        wanted = [Extraction.form_id == self._form_id(form), Extraction.result == result]
        if study_id is not None:
            wanted.append(Extraction.study_id == study_id)
        extractions = select(
            Extraction.id, Extraction.study_id, Extraction.reviewer_id, Extraction.status
        ).where(*wanted)
        owner: dict[str, tuple[str, str]] = {}
        for extraction_id, owner_study, reviewer_id, status in self.session.execute(extractions):
            owner[extraction_id] = (owner_study, reviewer_id)
            found[(owner_study, reviewer_id)] = ExtractionData(status=Status(status))
        if not owner:
            return found
        groups = {group.key for group in form.groups()}
        query = (
            select(
                Answer.extraction_id,
                Answer.field_key,
                Answer.value,
                GroupRow.group_key,
                GroupRow.position,
            )
            .join(Extraction, Extraction.id == Answer.extraction_id)
            .outerjoin(GroupRow, GroupRow.id == Answer.row_id)
            .where(*wanted)
        )
        rows: dict[tuple[str, str], dict[int, dict[str, Value]]] = {}
        for extraction_id, key, value, group_key, position in self.session.execute(query):
            data = found[owner[extraction_id]]
            if group_key is None:
                if value is not None:
                    data.values[key] = _stored(value)
            elif group_key in groups:
                rows.setdefault((extraction_id, group_key), {}).setdefault(position, {})[key] = (
                    _stored(value)
                )
        empty_rows = (
            select(GroupRow.extraction_id, GroupRow.group_key, GroupRow.position)
            .join(Extraction, Extraction.id == GroupRow.extraction_id)
            .where(*wanted)
        )
        for extraction_id, group_key, position in self.session.execute(empty_rows):
            if group_key in groups:
                rows.setdefault((extraction_id, group_key), {}).setdefault(position, {})
        for (extraction_id, group_key), by_position in rows.items():
            group = form.field(group_key)
            assert group is not None  # `rows` holds only the form's groups
            found[owner[extraction_id]].groups[group_key] = [
                {sub.key: by_position[p].get(sub.key) for sub in group.fields}
                for p in sorted(by_position)
            ]
        return found

    def answered_by(self, form: Form) -> dict[str, set[str]]:
        """For each study, the ids of reviewers with an extraction of this form."""
        query = select(Extraction.study_id, Extraction.reviewer_id).where(
            Extraction.form_id == self._form_id(form)
        )
        found: dict[str, set[str]] = {}
        for study_id, reviewer_id in self.session.execute(query):
            found.setdefault(study_id, set()).add(reviewer_id)
        return found

    def has_rows(self, form: Form, group_keys: list[str]) -> bool:
        """Whether anyone has entered a row of any of these groups of the form."""
        query = (
            select(GroupRow.id)
            .join(Extraction, GroupRow.extraction_id == Extraction.id)
            .where(Extraction.form_id == self._form_id(form), GroupRow.group_key.in_(group_keys))
            .limit(1)
        )
        return self.session.execute(query).first() is not None

    def results_of(self, form: Form) -> dict[tuple[str, str], set[str]]:
        """For each (study, result) assessed with a form, who assessed it."""
        query = select(Extraction.study_id, Extraction.result, Extraction.reviewer_id).where(
            Extraction.form_id == self._form_id(form)
        )
        found: dict[tuple[str, str], set[str]] = {}
        for study_id, result, reviewer_id in self.session.execute(query):
            found.setdefault((study_id, result), set()).add(reviewer_id)
        return found

    def reviewers_of(self, study_id: str, form: Form) -> list[str]:
        """Ids of the reviewers who have an extraction of this form for this study."""
        query = select(Extraction.reviewer_id).where(
            Extraction.study_id == study_id, Extraction.form_id == self._form_id(form)
        )
        return list(self.session.scalars(query))

    # writing

    def set_value(
        self,
        study_id: str,
        form: Form,
        reviewer_id: str,
        path: FieldPath | str,
        value: object,
        *,
        by: str | None = None,
        result: str = "",
    ) -> bool:
        """Check and store one value; returns whether it changed."""
        path = FieldPath.parse(path) if isinstance(path, str) else path
        target = _field_at(form, path)
        checked = check_value(target, value)
        sheet = self._sheet(study_id, form, reviewer_id, result, create=True)
        row_id = None
        if path.row is not None:
            row_id = _row_at(sheet, path).id
        return self._store(sheet, row_id, target.key, checked, str(path), by or reviewer_id)

    def write(
        self,
        study_id: str,
        form: Form,
        reviewer_id: str,
        data: ExtractionData,
        *,
        fields: set[str] | None = None,
        groups: set[str] | None = None,
        by: str | None = None,
        result: str = "",
    ) -> int:
        """Write the given study-level fields and replace the given groups' rows.

        `fields`/`groups` default to every key present in `data`. Values are
        checked first; returns how many values changed.
        """
        fields = set(data.values) if fields is None else fields
        groups = set(data.groups) if groups is None else groups
        checked = _checked(form, data, fields, groups)
        sheet = self._sheet(study_id, form, reviewer_id, result, create=True)
        who = by or reviewer_id
        changes = 0
        for key in sorted(fields, key=_form_order(form)):
            changes += self._store(sheet, None, key, checked.values.get(key), key, who)
        for key in sorted(groups, key=_form_order(form)):
            changes += self._replace_rows(sheet, form.field(key), checked.groups.get(key, []), who)
        if data.status is not Status.NOT_STARTED:
            self._set_status(sheet, data.status, who)
        return changes

    def create_many(self, new: list[NewExtraction], reviewer_id: str) -> int:
        """Write extractions that do not exist yet, many at once, as `write` would one
        by one: the same rows and the same audit entries, in four bulk inserts (the
        first consensus of a large review). Returns how many values and rows."""
        form_ids: dict[str, str] = {}
        batch = _NewRows(reviewer_id)
        for study_id, form, data, result in new:
            if form.key not in form_ids:
                form_ids[form.key] = self._form_id(form)
            batch.add(study_id, form, form_ids[form.key], data, result)
        for model, values in (
            (Extraction, batch.extractions),
            (GroupRow, batch.rows),
            (Answer, batch.answers),
            (AuditEvent, batch.events),
        ):
            if values:
                self.session.execute(insert(model), values)
        return batch.changes

    def add_row(
        self,
        study_id: str,
        form: Form,
        reviewer_id: str,
        group_key: str,
        values: Mapping[str, object] | None = None,
        *,
        by: str | None = None,
        result: str = "",
    ) -> int:
        """Append a row to a group; returns its 1-based number."""
        group = _group(form, group_key)
        checked = {k: check_value(_sub(group, k), v) for k, v in (values or {}).items()}
        sheet = self._sheet(study_id, form, reviewer_id, result, create=True)
        number = self._append_row(sheet, group, checked, by or reviewer_id)
        return number

    def remove_row(
        self,
        study_id: str,
        form: Form,
        reviewer_id: str,
        group_key: str,
        number: int,
        *,
        by: str | None = None,
        result: str = "",
    ) -> None:
        group = _group(form, group_key)
        sheet = self._sheet(study_id, form, reviewer_id, result, create=True)
        row = _row_at(sheet, FieldPath(group_key, number))
        old = sheet.row_values(row, group)
        rows = sheet.rows[group_key]
        rows.remove(row)
        self.session.delete(row)
        self.session.flush()
        for position, other in enumerate(rows):
            other.position = position
        self.audit.record(
            "row.remove",
            **self._where(sheet, by or reviewer_id),
            field=f"{group_key}[{number}]",
            old=old,
        )
        self._touch(sheet, by or reviewer_id)

    def move_row(
        self,
        study_id: str,
        form: Form,
        reviewer_id: str,
        group_key: str,
        number: int,
        to: int,
        *,
        by: str | None = None,
        result: str = "",
    ) -> None:
        _group(form, group_key)
        sheet = self._sheet(study_id, form, reviewer_id, result, create=True)
        row = _row_at(sheet, FieldPath(group_key, number))
        rows = sheet.rows[group_key]
        if not 1 <= to <= len(rows):
            raise ExtractorError(f"{group_key} has no row {to}")
        rows.remove(row)
        rows.insert(to - 1, row)
        for position, other in enumerate(rows):
            other.position = position
        self.audit.record(
            "row.move",
            **self._where(sheet, by or reviewer_id),
            field=f"{group_key}[{number}]",
            old=number,
            new=to,
        )
        self._touch(sheet, by or reviewer_id)

    def set_status(
        self,
        study_id: str,
        form: Form,
        reviewer_id: str,
        status: Status,
        *,
        by: str | None = None,
        result: str = "",
    ) -> None:
        sheet = self._sheet(study_id, form, reviewer_id, result, create=True)
        self._set_status(sheet, Status(status), by or reviewer_id)

    def add_evidence(
        self,
        study_id: str,
        form: Form,
        reviewer_id: str,
        path: FieldPath | str,
        evidence: Evidence,
        *,
        by: str | None = None,
        result: str = "",
    ) -> None:
        """Record a quote for a field without changing its value."""
        path = FieldPath.parse(path) if isinstance(path, str) else path
        sheet = self._sheet(study_id, form, reviewer_id, result, create=True)
        who = by or reviewer_id
        self._quote(sheet, path, evidence, who)
        self.audit.record(
            "evidence.add",
            **self._where(sheet, who),
            field=str(path),
            new={"page": evidence.page, "quote": evidence.quote},
        )
        self._touch(sheet, who)

    def replace_evidence(
        self,
        study_id: str,
        form: Form,
        reviewer_id: str,
        evidence: dict[str, list[Evidence]],
        *,
        by: str | None = None,
        result: str = "",
    ) -> bool:
        """Make an extraction's quotes exactly these (a reviewer's package is a
        full snapshot); returns whether anything changed."""
        sheet = self._sheet(study_id, form, reviewer_id, result, create=True)
        wanted = {path: quotes for path, quotes in evidence.items() if quotes}
        if self._evidence(sheet) == wanted:
            return False
        answer_ids = [answer.id for answer in sheet.answers.values()]
        if answer_ids:
            self.session.execute(
                delete(EvidenceQuote).where(EvidenceQuote.answer_id.in_(answer_ids))
            )
        who = by or reviewer_id
        for path, quotes in wanted.items():
            for quote in quotes:
                self._quote(sheet, FieldPath.parse(path), quote, who)
        self.audit.record(
            "evidence.replace",
            **self._where(sheet, who),
            new={path: len(quotes) for path, quotes in wanted.items()},
        )
        return True

    # internals

    def _form_id(self, form: Form) -> str:
        form_id = self.session.scalars(select(FormRow.id).where(FormRow.key == form.key)).first()
        if form_id is None:
            raise ExtractorError(f"the project has no form '{form.key}'")
        return form_id

    @overload
    def _sheet(
        self, study_id: str, form: Form, reviewer_id: str, result: str, create: Literal[True]
    ) -> _Sheet: ...
    @overload
    def _sheet(
        self, study_id: str, form: Form, reviewer_id: str, result: str, create: bool
    ) -> _Sheet | None: ...
    def _sheet(
        self, study_id: str, form: Form, reviewer_id: str, result: str, create: bool
    ) -> _Sheet | None:
        form_id = self._form_id(form)
        extraction = self.session.scalars(
            select(Extraction).where(
                Extraction.study_id == study_id,
                Extraction.form_id == form_id,
                Extraction.reviewer_id == reviewer_id,
                Extraction.result == result,
            )
        ).first()
        if extraction is None:
            if not create:
                return None
            extraction = Extraction(
                study_id=study_id,
                form_id=form_id,
                reviewer_id=reviewer_id,
                result=result,
                status=Status.NOT_STARTED.value,
            )
            self.session.add(extraction)
            self.session.flush()
        sheet = _Sheet(extraction=extraction, form=form)
        for row in self.session.scalars(
            select(GroupRow)
            .where(GroupRow.extraction_id == extraction.id)
            .order_by(GroupRow.position)
        ):
            sheet.rows.setdefault(row.group_key, []).append(row)
        for answer in self.session.scalars(
            select(Answer).where(Answer.extraction_id == extraction.id)
        ):
            sheet.answers[(answer.row_id, answer.field_key)] = answer
        return sheet

    def _where(self, sheet: _Sheet, who: str) -> dict[str, str]:
        return {
            "reviewer_id": who,
            "study_id": sheet.extraction.study_id,
            "form_key": sheet.form.key,
        }

    def _store(
        self, sheet: _Sheet, row_id: str | None, key: str, value: Value, path: str, who: str
    ) -> bool:
        answer = sheet.answers.get((row_id, key))
        old = None if answer is None else _stored(answer.value)
        if old == value and (old is None or type(old) is type(value)):
            return False
        if answer is None:
            answer = Answer(
                extraction_id=sheet.extraction.id, row_id=row_id, field_key=key, updated_by=who
            )
            self.session.add(answer)
            sheet.answers[(row_id, key)] = answer
        answer.value = value
        answer.updated_by = who
        answer.updated_at = utc_now()
        self.audit.record("answer.set", **self._where(sheet, who), field=path, old=old, new=value)
        self._touch(sheet, who)
        return True

    def _quote(self, sheet: _Sheet, path: FieldPath, evidence: Evidence, who: str) -> None:
        target = _field_at(sheet.form, path)
        row_id = None if path.row is None else _row_at(sheet, path).id
        answer = sheet.answers.get((row_id, target.key))
        if answer is None:
            answer = Answer(
                extraction_id=sheet.extraction.id,
                row_id=row_id,
                field_key=target.key,
                value=None,
                updated_by=who,
            )
            self.session.add(answer)
            self.session.flush()
            sheet.answers[(row_id, target.key)] = answer
        self.session.add(
            EvidenceQuote(
                answer_id=answer.id,
                document_id=evidence.document_id,
                page=evidence.page,
                rects=[list(rect) for rect in evidence.rects],
                quote=evidence.quote,
            )
        )

    def _append_row(self, sheet: _Sheet, group: Field, values: dict[str, Value], who: str) -> int:
        rows = sheet.rows.setdefault(group.key, [])
        row = GroupRow(extraction_id=sheet.extraction.id, group_key=group.key, position=len(rows))
        self.session.add(row)
        self.session.flush()
        rows.append(row)
        number = len(rows)
        kept = {k: v for k, v in values.items() if v is not None}
        for key, value in kept.items():
            answer = Answer(
                extraction_id=sheet.extraction.id,
                row_id=row.id,
                field_key=key,
                value=value,
                updated_by=who,
            )
            self.session.add(answer)
            sheet.answers[(row.id, key)] = answer
        self.audit.record(
            "row.add", **self._where(sheet, who), field=f"{group.key}[{number}]", new=kept
        )
        self._touch(sheet, who)
        return number

    def _replace_rows(
        self, sheet: _Sheet, group: Field | None, new_rows: list[dict[str, Value]], who: str
    ) -> int:
        assert group is not None
        rows = list(sheet.rows.get(group.key, []))
        changes = 0
        for number, (row, values) in enumerate(zip(rows, new_rows, strict=False), start=1):
            for sub in group.fields:
                path = f"{group.key}[{number}].{sub.key}"
                changes += self._store(sheet, row.id, sub.key, values.get(sub.key), path, who)
        for number in range(len(rows), len(new_rows)):
            self._append_row(sheet, group, new_rows[number], who)
            changes += 1
        for number in range(len(rows), len(new_rows), -1):
            row = rows[number - 1]
            old = sheet.row_values(row, group)
            sheet.rows[group.key].remove(row)
            self.session.delete(row)
            self.audit.record(
                "row.remove", **self._where(sheet, who), field=f"{group.key}[{number}]", old=old
            )
            changes += 1
        self.session.flush()
        return changes

    def _set_status(self, sheet: _Sheet, status: Status, who: str) -> None:
        if sheet.extraction.status == status.value:
            return
        self.audit.record(
            "status.set", **self._where(sheet, who), old=sheet.extraction.status, new=status.value
        )
        sheet.extraction.status = status.value
        sheet.extraction.updated_at = utc_now()

    def _touch(self, sheet: _Sheet, who: str) -> None:
        """Any edit marks a not-started extraction as in progress."""
        sheet.extraction.updated_at = utc_now()
        if sheet.extraction.status == Status.NOT_STARTED.value:
            self._set_status(sheet, Status.IN_PROGRESS, who)

    def _evidence(self, sheet: _Sheet) -> dict[str, list[Evidence]]:
        by_answer: dict[str, str] = {}
        for group_key, rows in sheet.rows.items():
            for number, row in enumerate(rows, start=1):
                for (row_id, key), answer in sheet.answers.items():
                    if row_id == row.id:
                        by_answer[answer.id] = f"{group_key}[{number}].{key}"
        for (row_id, key), answer in sheet.answers.items():
            if row_id is None:
                by_answer[answer.id] = key
        found: dict[str, list[Evidence]] = {}
        if not by_answer:
            return found
        query = (
            select(EvidenceQuote)
            .where(EvidenceQuote.answer_id.in_(by_answer))
            .order_by(EvidenceQuote.created_at)
        )
        for quote in self.session.scalars(query):
            found.setdefault(by_answer[quote.answer_id], []).append(
                Evidence(
                    document_id=quote.document_id,
                    page=quote.page,
                    rects=tuple(tuple(rect) for rect in quote.rects),
                    quote=quote.quote,
                )
            )
        return found


def _field_at(form: Form, path: FieldPath) -> Field:
    top = form.field(path.key)
    if top is None:
        raise ExtractorError(f"form '{form.key}' has no field '{path.key}'")
    if path.row is None:
        if top.is_group:
            raise ExtractorError(f"'{path.key}' is a group; name a row and a field")
        return top
    if not top.is_group or path.sub is None:
        raise ExtractorError(f"'{path}' does not name a field of a group row")
    return _sub(top, path.sub)


def _group(form: Form, key: str) -> Field:
    group = form.field(key)
    if group is None or not group.is_group:
        raise ExtractorError(f"form '{form.key}' has no group '{key}'")
    return group


def _sub(group: Field, key: str) -> Field:
    sub = group.subfield(key)
    if sub is None:
        raise ExtractorError(f"group '{group.key}' has no field '{key}'")
    return sub


def _row_at(sheet: _Sheet, path: FieldPath) -> GroupRow:
    rows = sheet.rows.get(path.key, [])
    if path.row is None or not 1 <= path.row <= len(rows):
        raise ExtractorError(f"{path.key} has no row {path.row}")
    return rows[path.row - 1]


def _form_order(form: Form) -> Callable[[str], int]:
    order = {item.key: index for index, item in enumerate(form.fields())}
    return lambda key: order.get(key, len(order))


def _checked(
    form: Form, data: ExtractionData, fields: set[str], groups: set[str]
) -> ExtractionData:
    """Check every value before anything is written; name the first bad one."""
    checked = ExtractionData(status=data.status)
    for key in fields:
        target = _field_at(form, FieldPath(key))
        checked.values[key] = check_at(target, data.values.get(key), key)
    for key in groups:
        group = _group(form, key)
        rows = []
        for number, row in enumerate(data.groups.get(key, []), start=1):
            rows.append(
                {
                    sub: check_at(_sub(group, sub), value, f"{key}[{number}].{sub}")
                    for sub, value in row.items()
                }
            )
        checked.groups[key] = rows
    return checked


@dataclass
class _NewRows:
    """The table rows of new extractions, made as `Answers.write` would make them."""

    reviewer_id: str
    extractions: list[dict[str, object]] = field(default_factory=list)
    rows: list[dict[str, object]] = field(default_factory=list)
    answers: list[dict[str, object]] = field(default_factory=list)
    events: list[dict[str, object]] = field(default_factory=list)
    changes: int = 0

    def add(
        self, study_id: str, form: Form, form_id: str, data: ExtractionData, result: str
    ) -> None:
        fields = {f.key for f in form.scalar_fields()}
        groups = {g.key for g in form.groups()}
        checked = _checked(form, data, fields, groups)
        extraction_id, now = new_id(), utc_now()
        where = {
            "reviewer_id": self.reviewer_id,
            "study_id": study_id,
            "form_key": form.key,
            "at": now,
        }
        status = Status.NOT_STARTED
        for key in sorted(fields, key=_form_order(form)):
            value = checked.values.get(key)
            if value is not None:
                self._answer(extraction_id, None, key, value, now)
                self._event(where, "answer.set", key, None, value)
                status = self._touch(where, status)
                self.changes += 1
        for key in sorted(groups, key=_form_order(form)):
            for number, values in enumerate(checked.groups.get(key, []), start=1):
                row_id = new_id()
                self.rows.append(
                    {
                        "id": row_id,
                        "extraction_id": extraction_id,
                        "group_key": key,
                        "position": number - 1,
                    }
                )
                kept = {k: v for k, v in values.items() if v is not None}
                for sub, value in kept.items():
                    self._answer(extraction_id, row_id, sub, value, now)
                self._event(where, "row.add", f"{key}[{number}]", None, kept)
                status = self._touch(where, status)
                self.changes += 1
        if data.status is not Status.NOT_STARTED and data.status is not status:
            self._event(where, "status.set", None, status.value, data.status.value)
            status = data.status
        self.extractions.append(
            {
                "id": extraction_id,
                "study_id": study_id,
                "form_id": form_id,
                "reviewer_id": self.reviewer_id,
                "result": result,
                "status": status.value,
                "updated_at": now,
            }
        )

    def _answer(
        self, extraction_id: str, row_id: str | None, key: str, value: Value, now: str
    ) -> None:
        self.answers.append(
            {
                "id": new_id(),
                "extraction_id": extraction_id,
                "row_id": row_id,
                "field_key": key,
                "value": value,
                "updated_by": self.reviewer_id,
                "updated_at": now,
            }
        )

    def _event(
        self,
        where: dict[str, str],
        action: str,
        field_path: str | None,
        old: JsonValue,
        new: JsonValue,
    ) -> None:
        self.events.append(
            {"action": action, "field_path": field_path, "old": old, "new": new, **where}
        )

    def _touch(self, where: dict[str, str], status: Status) -> Status:
        """Any value marks a not-started extraction as in progress (and says so)."""
        if status is not Status.NOT_STARTED:
            return status
        self._event(where, "status.set", None, status.value, Status.IN_PROGRESS.value)
        return Status.IN_PROGRESS
