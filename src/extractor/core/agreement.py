"""Agreement between two reviewers, per field and overall, before resolution.

`compared` counts the items (studies, or aligned group rows) where at least one
reviewer answered; `agreed` those where both gave the same answer after
normalisation. For categorical fields (choice, yes/no), Cohen's kappa and
Gwet's AC1 are computed on the items both reviewers answered, with q the
field's number of options for AC1; they are None where undefined.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from extractor.core.compare import align_rows, comparable
from extractor.core.forms import Field, Form
from extractor.core.model import ExtractionData
from extractor.core.values import Value


@dataclass(frozen=True)
class FieldAgreement:
    form: str
    field: str
    compared: int
    agreed: int
    kappa: float | None
    ac1: float | None
    label: str = ""  # the field in the form's words ("Arms: Patients")
    form_name: str = ""

    @property
    def percent(self) -> float | None:
        return round(100 * self.agreed / self.compared, 2) if self.compared else None


def cohen_kappa(pairs: list[tuple[object, object]]) -> float | None:
    """Cohen's kappa of paired ratings; None when it is undefined (chance agreement 1)."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for x, y in pairs if x == y) / n
    left, right = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(left[k] * right[k] for k in left.keys() | right.keys()) / (n * n)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def gwet_ac1(pairs: list[tuple[object, object]], categories: int) -> float | None:
    """Gwet's AC1 of paired ratings over `categories` possible answers."""
    n = len(pairs)
    if n == 0 or categories < 2:
        return None
    observed = sum(1 for x, y in pairs if x == y) / n
    counts = Counter(x for x, _ in pairs) + Counter(y for _, y in pairs)
    shares = [count / (2 * n) for count in counts.values()]
    expected = sum(p * (1 - p) for p in shares) / (categories - 1)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def field_agreement(
    form_key: str,
    name: str,
    item: Field,
    pairs: Iterable[tuple[Value, Value]],
    label: str = "",
    form_name: str = "",
) -> FieldAgreement:
    compared = agreed = 0
    rated: list[tuple[object, object]] = []
    for left, right in pairs:
        x, y = comparable(item, left), comparable(item, right)
        if x is None and y is None:
            continue
        compared += 1
        agreed += x == y
        if x is not None and y is not None:
            rated.append((x, y))
    kappa = ac1 = None
    if item.kind.categorical:
        kappa = _rounded(cohen_kappa(rated))
        ac1 = _rounded(gwet_ac1(rated, len(item.choices)))
    return FieldAgreement(
        form_key, name, compared, agreed, kappa, ac1, label or item.label, form_name or form_key
    )


def agreement(
    form: Form, extractions: list[tuple[ExtractionData, ExtractionData]]
) -> list[FieldAgreement]:
    """Per field of the form (group sub-fields over aligned rows), in form order."""
    found = []
    for item in form.fields():
        if not item.is_group:
            pairs = [(a.values.get(item.key), b.values.get(item.key)) for a, b in extractions]
            label = form.describe(item.key)
            found.append(field_agreement(form.key, item.key, item, pairs, label, form.name))
            continue
        aligned = [
            pair
            for a, b in extractions
            for pair in align_rows(item, a.groups.get(item.key, []), b.groups.get(item.key, []))
        ]
        for sub in item.fields:
            pairs = [
                ((left or {}).get(sub.key), (right or {}).get(sub.key)) for left, right in aligned
            ]
            label = f"{item.label}: {sub.label}"
            path = f"{item.key}.{sub.key}"
            found.append(field_agreement(form.key, path, sub, pairs, label, form.name))
    return found


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
