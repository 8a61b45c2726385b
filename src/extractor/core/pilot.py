"""Piloting a form: two reviewers' answers on the first few studies side by side,
field by field, with their agreement, for the lead to judge the form by before
freezing it."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.core.agreement import FieldAgreement, agreement
from extractor.core.compare import align_rows, same
from extractor.core.forms import Field, Form
from extractor.core.model import ExtractionData
from extractor.core.values import Value, format_value


@dataclass(frozen=True)
class PilotAnswer:
    study: str  # the study's label, with the row for a group's field ("Kolev et al, row 2")
    a: str  # as shown; "" unanswered
    b: str
    agree: bool


@dataclass(frozen=True)
class PilotField:
    path: str  # `key` or `group.sub`
    agreement: FieldAgreement
    answers: list[PilotAnswer]

    @property
    def label(self) -> str:
        return self.agreement.label


def side_by_side(
    form: Form, extractions: list[tuple[str, ExtractionData, ExtractionData]]
) -> list[PilotField]:
    """Each field of the form with both reviewers' answers per study (a group's
    fields per aligned row), and its agreement over them, in form order."""
    found = agreement(form, [(a, b) for _, a, b in extractions])
    by_path = {item.field: item for item in found}
    fields = []
    for item in form.fields():
        if not item.is_group:
            answers = [
                _answer(label, item, a.values.get(item.key), b.values.get(item.key))
                for label, a, b in extractions
            ]
            fields.append(PilotField(item.key, by_path[item.key], answers))
            continue
        rows = [
            (f"{label}, row {number}", left or {}, right or {})
            for label, a, b in extractions
            for number, (left, right) in enumerate(
                align_rows(item, a.groups.get(item.key, []), b.groups.get(item.key, [])),
                start=1,
            )
        ]
        for sub in item.fields:
            path = f"{item.key}.{sub.key}"
            answers = [
                _answer(label, sub, left.get(sub.key), right.get(sub.key))
                for label, left, right in rows
            ]
            fields.append(PilotField(path, by_path[path], answers))
    return fields


def _answer(study: str, item: Field, a: Value, b: Value) -> PilotAnswer:
    return PilotAnswer(study, format_value(item, a), format_value(item, b), same(item, a, b))
