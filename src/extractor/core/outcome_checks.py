"""Checks that catch typing errors in outcome data as the reviewer types: each a
warning with its reason, shown beside the row, never a refusal (papers do report
odd numbers, and the reviewer decides)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from extractor.core.field_types.base import normalise_text
from extractor.core.field_types.numbers import format_number
from extractor.core.field_types.outcomes import ARM, OUTCOME, TIMEPOINT
from extractor.core.forms import Field
from extractor.core.values import Value

__all__ = ["outcome_warnings"]

Row = Mapping[str, Value]
# An SD within this factor of another arm's SE × √n reads as an SE typed as an SD.
_CLOSE = 1.25


def outcome_warnings(
    group: Field, rows: Sequence[Row], study_n: float | None = None
) -> dict[int, list[str]]:
    """The warnings of each row of an outcome field (1-based row number to reasons)."""
    found: dict[int, list[str]] = {}

    def warn(number: int, text: str) -> None:
        found.setdefault(number, []).append(text)

    for number, row in enumerate(rows, start=1):
        for text in _row_warnings(group.type, row):
            warn(number, text)
    if group.type == "continuous":
        for number, text in _sd_or_se(rows):
            warn(number, text)
    if study_n is not None and group.type != "effect_estimate":
        for numbers, total in _arms_above(rows, study_n):
            for number in numbers:
                warn(
                    number,
                    f"the arms' n add up to {_num(total)}, above the study's N {_num(study_n)}",
                )
    return found


def _num(value: float) -> str:
    return format_number(round(float(value), 6))


def _get(row: Row, key: str) -> float | None:
    value = row.get(key)
    return float(value) if isinstance(value, int | float) else None


def _row_warnings(kind: str, row: Row) -> list[str]:
    out: list[str] = []
    events, n = _get(row, "events"), _get(row, "n")
    if kind == "dichotomous" and events is not None and n is not None and events > n:
        out.append(f"events ({_num(events)}) above the total ({_num(n)})")
    for key, name in (("sd", "SD"), ("se", "SE")):
        value = _get(row, key)
        if value is not None and value <= 0:
            out.append(f"the {name} is {_num(value)}; it must be above 0")
    centre_key = "estimate" if kind == "effect_estimate" else "mean"
    centre, low, high = _get(row, centre_key), _get(row, "ci_low"), _get(row, "ci_high")
    if low is not None and high is not None:
        if low > high:
            out.append(f"the CI's lower limit {_num(low)} is above its upper limit {_num(high)}")
        elif centre is not None and not low <= centre <= high:
            out.append(
                f"the CI {_num(low)} to {_num(high)} does not contain the {centre_key} {_num(centre)}"
            )
    if kind == "effect_estimate":
        measure = str(row.get("measure") or "")
        ratio = measure in ("OR", "RR", "HR")
        if ratio and any(v is not None and v <= 0 for v in (centre, low, high)):
            out.append(f"a {measure} and its CI are above 0 (give the ratio, not its log)")
    if kind == "continuous":
        sd, se = _get(row, "sd"), _get(row, "se")
        if sd is not None and se is not None and n is not None and n > 1 and se >= sd > 0:
            out.append(
                f"the SE ({_num(se)}) is not smaller than the SD ({_num(sd)}): is one the other?"
            )
        five = [_get(row, key) for key in ("min", "q1", "median", "q3", "max")]
        given = [v for v in five if v is not None]
        if given != sorted(given):
            out.append("min ≤ Q1 ≤ median ≤ Q3 ≤ max does not hold")
    return out


def _where(row: Row) -> tuple[str, str]:
    return (
        normalise_text(str(row.get(OUTCOME) or "")),
        normalise_text(str(row.get(TIMEPOINT) or "")),
    )


def _sd_or_se(rows: Sequence[Row]) -> list[tuple[int, str]]:
    """An SD that is another arm's SD divided by √n (an SE typed as an SD), or the
    reverse, within the same outcome and time point."""
    out: list[tuple[int, str]] = []
    for i, row in enumerate(rows, start=1):
        sd, n = _get(row, "sd"), _get(row, "n")
        if sd is None or n is None or n < 4 or sd <= 0:
            continue
        for j, other in enumerate(rows, start=1):
            their_sd = _get(other, "sd")
            if j == i or _where(other) != _where(row) or their_sd is None or their_sd <= 0:
                continue
            as_sd = sd * n**0.5
            if sd < their_sd / 2 and their_sd / _CLOSE <= as_sd <= their_sd * _CLOSE:
                out.append(
                    (
                        i,
                        f"the SD ({_num(sd)}) looks like an SE: × √n gives {_num(round(as_sd, 2))}, "
                        f"near the SD of {other.get(ARM) or 'another arm'} ({_num(their_sd)})",
                    )
                )
                break
    return out


def _arms_above(rows: Sequence[Row], study_n: float) -> list[tuple[list[int], float]]:
    sets: dict[tuple[str, str], list[int]] = {}
    for number, row in enumerate(rows, start=1):
        if _get(row, "n") is not None:
            sets.setdefault(_where(row), []).append(number)
    out = []
    for numbers in sets.values():
        total = sum(_get(rows[n - 1], "n") or 0 for n in numbers)
        if total > study_n:
            out.append((numbers, total))
    return out


STUDY_N_KEY = "n_total"  # the form field whose value is the study's N, where a form has it


def add_derivation(old: str | None, new: str) -> str:
    """A row's derivation with one more step: each step is kept, in order."""
    return f"{old}; {new}" if old else new
