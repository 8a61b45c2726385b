"""Outcome data files: the long layout (read and written), and the wide layouts of
R's metafor and meta packages (written).

Long: one record per study, outcome, time point and arm; a study's own estimate
names its comparison in `arm` ("Drug vs Placebo") and fills `measure` and
`estimate`. Wide: one record per study, outcome, time point and pair of arms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from extractor.core.errors import ExtractorError, InputError, ValueProblem
from extractor.core.field_types.base import normalise_text
from extractor.core.field_types.outcomes import (
    ARM,
    COMPARISON_SEPARATOR,
    OUTCOME,
    OUTCOME_TYPES,
    TIMEPOINT,
)
from extractor.core.forms import Field, Form
from extractor.core.meta.effect_sizes import Measure, reported_effect
from extractor.core.model import StudyInfo
from extractor.core.outcome_data import (
    LONG_COLUMNS,
    QUOTES_COLUMN,
    ROW_TYPE,
    outcome_fields,
    row_type,
)
from extractor.core.sources import GAPS, IN_CONFLICT, NOT_REPORTED
from extractor.core.values import Value, parse_text
from extractor.io.csvfile import read_csv
from extractor.io.spreadsheet_safety import csv_text

__all__ = ["ParsedOutcomes", "long_csv", "read_long_outcomes", "wide_csv"]

Rows = list[dict[str, Value]]


@dataclass
class ParsedOutcomes:
    """Per study id, per outcome field's key, the rows a file gives, in file order."""

    studies: dict[str, dict[str, Rows]] = field(default_factory=dict)
    rows: int = 0


def read_long_outcomes(
    path: Path, form: Form, find_study: Callable[[str], StudyInfo | None]
) -> ParsedOutcomes:
    """Parse and check a whole long-layout file; InputError lists every problem.

    A row holds the columns the file has: a blank cell clears a value, a column the
    file lacks (or our own `[in conflict]`) leaves a value as it is. Rows our export
    writes for a study without outcome data are skipped.
    """
    table = read_csv(path)
    known = set(LONG_COLUMNS) | {QUOTES_COLUMN}
    problems = [
        f"{table.source}, line 1: column '{column}' is not one of the long layout's "
        f"({', '.join(LONG_COLUMNS)})"
        for column in table.header
        if column not in known
    ]
    for needed in ("study", OUTCOME, ARM):
        if needed not in table.header:
            problems.append(f"{table.source}, line 1: no '{needed}' column")
    if problems:
        raise InputError(table.source, problems)
    fields = outcome_fields(form)
    columns = set(table.header)
    parsed = ParsedOutcomes()
    seen: dict[tuple[str, str, object], int] = {}
    for record in table.records:
        where = f"{table.source}, line {record.line}"
        cells = {k: v.strip() for k, v in record.cells.items() if k != QUOTES_COLUMN}
        if _a_note(cells):
            continue
        name = cells.get("study", "")
        study = find_study(name) if name else None
        if study is None:
            problems.append(
                f"{where}: " + (f"unknown study '{name}'" if name else "the study cell is empty")
            )
            continue
        kind = cells.get(ROW_TYPE) or row_type(cells)
        if kind not in OUTCOME_TYPES:
            problems.append(
                f"{where}: say whether the row is dichotomous or continuous (give its events, "
                f"its mean or median, or a '{ROW_TYPE}' column)"
                if not kind
                else f"{where}: type '{kind}' is not one of {', '.join(sorted(OUTCOME_TYPES))}"
            )
            continue
        group = fields.get(kind)
        if group is None:
            problems.append(
                f"{where}: a {kind.replace('_', ' ')} row, and form '{form.key}' has no field "
                "of that type"
            )
            continue
        key_cells = [(k, cells.get(k, "")) for k in (OUTCOME, TIMEPOINT, ARM)]
        unclear = [k for k, text in key_cells if text in GAPS or text.startswith(IN_CONFLICT[:-1])]
        empty = [k for k, text in key_cells if not text and k != TIMEPOINT]
        if unclear or empty:
            problems += [f"{where}: the {k} cell says {cells[k]}; decide it first" for k in unclear]
            problems += [f"{where}: the {k} cell is empty" for k in empty]
            continue
        row = _row(group, cells, columns, where, problems)
        same = (study.id, group.key, group.kind.row_key(group, row))
        if same in seen:
            problems.append(
                f"{where}: line {seen[same]} already gives {cells[OUTCOME]}, "
                f"{cells.get(TIMEPOINT) or 'no time point'}, {cells[ARM]} for '{name}'"
            )
            continue
        seen[same] = record.line
        parsed.studies.setdefault(study.id, {}).setdefault(group.key, []).append(row)
        parsed.rows += 1
    if problems:
        raise InputError(table.source, problems)
    return parsed


def _a_note(cells: dict[str, str]) -> bool:
    """A row our export writes where a study has no outcome data to give."""
    outcome = cells.get(OUTCOME, "")
    return not cells.get(ARM) and (outcome in GAPS or outcome.startswith(IN_CONFLICT[:-1]))


def _row(
    group: Field, cells: dict[str, str], columns: set[str], where: str, problems: list[str]
) -> dict[str, Value]:
    row: dict[str, Value] = {}
    for sub in group.fields:
        if sub.key not in columns:
            continue  # a column the file does not have: the value stays as it is
        text = cells.get(sub.key, "")
        if text in GAPS or text == NOT_REPORTED:
            continue  # our export's words for "no value here", and why
        try:
            row[sub.key] = parse_text(sub, text)
        except ValueProblem as problem:
            problems.append(f"{where}: column '{sub.key}': {problem}")
    stray = [
        key
        for key, text in cells.items()
        if text
        and key in LONG_COLUMNS
        and key not in ("study", ROW_TYPE)
        and group.subfield(key) is None
    ]
    if stray:
        problems.append(
            f"{where}: {', '.join(stray)} do not belong to a {group.type.replace('_', ' ')} row"
        )
    return row


def long_csv(records: Sequence[dict[str, str]], quotes: bool) -> str:
    header = LONG_COLUMNS + ([QUOTES_COLUMN] if quotes else [])
    return csv_text([header, *([r.get(c, "") for c in header] for r in records)])


METAFOR = ["study", OUTCOME, TIMEPOINT, "experimental", "control", "measure"] + [
    "ai", "bi", "ci", "di", "n1i", "n2i", "m1i", "sd1i", "m2i", "sd2i", "yi", "vi",
]  # fmt: skip
META = ["studlab", OUTCOME, TIMEPOINT, "arm.e", "arm.c", "sm"] + [
    "event.e", "n.e", "event.c", "n.c", "mean.e", "sd.e", "mean.c", "sd.c", "TE", "seTE",
]  # fmt: skip
NOT_APPLICABLE = "NA"  # what R reads as missing; here, not this kind of row


def wide_csv(records: Sequence[dict[str, str]], layout: str) -> str:
    """metafor's or meta's wide layout from long records (with gaps as they are)."""
    rows = wide_rows(records)
    if layout == "metafor":
        header = METAFOR
        body = [
            [_metafor(row).get(c, NOT_APPLICABLE) or NOT_APPLICABLE for c in header] for row in rows
        ]
    else:
        header = META
        body = [
            [_meta(row).get(c, NOT_APPLICABLE) or NOT_APPLICABLE for c in header] for row in rows
        ]
    return csv_text([header, *body])


def wide_rows(records: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """Pair the arms of each study, outcome and time point; a study's own estimate is
    a pair already, and a study without outcome data keeps its note.

    Of two arms, the experimental one is the one met first in the whole file, so that
    every study's pair faces the same way ("Drug vs Placebo" throughout, when the first
    study lists Drug first), whatever order each study's rows were entered in.
    """
    rank: dict[str, int] = {}
    for record in records:
        if record.get(ARM) and record.get(ROW_TYPE) != "effect_estimate":
            rank.setdefault(normalise_text(record[ARM]), len(rank))
    sets: dict[tuple[str, str, str, str], list[dict[str, str]]] = {}
    order: list[dict[str, str] | tuple[str, str, str, str]] = []
    for record in records:
        if record.get(ROW_TYPE) == "effect_estimate":
            experimental, _, control = record.get(ARM, "").partition(COMPARISON_SEPARATOR)
            order.append(
                {**record, "experimental": experimental, "control": control, "kind": "estimate"}
            )
        elif not record.get(ARM):  # a study's note: "[not extracted]"
            order.append(
                {"study": record["study"], OUTCOME: record.get(OUTCOME, ""), "kind": "note"}
            )
        else:
            kind = record.get(ROW_TYPE) or "continuous"
            key = (record["study"], record.get(OUTCOME, ""), record.get(TIMEPOINT, ""), kind)
            if key not in sets:
                order.append(key)
            sets.setdefault(key, []).append(record)
    wide: list[dict[str, str]] = []
    for entry in order:
        if isinstance(entry, dict):
            wide.append(entry)
            continue
        arms = sorted(sets[entry], key=lambda r: rank[normalise_text(r[ARM])])
        for first, second in combinations(arms, 2):
            wide.append(
                {
                    "study": first["study"],
                    OUTCOME: first.get(OUTCOME, ""),
                    TIMEPOINT: first.get(TIMEPOINT, ""),
                    "experimental": first[ARM],
                    "control": second[ARM],
                    "kind": entry[3],
                    **{f"e_{k}": v for k, v in first.items()},
                    **{f"c_{k}": v for k, v in second.items()},
                }
            )
    return wide


def _minus(total: str, part: str) -> str:
    try:
        return str(int(total) - int(part))
    except ValueError:
        return total if total in GAPS else part if part in GAPS else ""


def _estimate_scale(row: dict[str, str]) -> tuple[str, str]:
    """yi and vi of a study's own estimate, on the analysis scale."""
    try:
        measure = Measure(row.get("measure", ""))
        effect = reported_effect(
            measure,
            float(row["estimate"]),
            ci_low=float(row["ci_low"]) if row.get("ci_low") else None,
            ci_high=float(row["ci_high"]) if row.get("ci_high") else None,
            se=float(row["se"]) if row.get("se") else None,
        )
    except (ValueError, KeyError, ExtractorError):  # a gap, or an estimate without its CI
        gap = next(
            (row[k] for k in ("estimate", "ci_low", "ci_high", "se") if row.get(k) in GAPS), ""
        )
        return gap, gap
    return repr(effect.yi), repr(effect.vi)


def _metafor(row: dict[str, str]) -> dict[str, str]:
    out = {k: row.get(k, "") for k in ("study", OUTCOME, TIMEPOINT, "experimental", "control")}
    if row["kind"] == "note":
        return {"study": row["study"], OUTCOME: row[OUTCOME]}
    if row["kind"] == "estimate":
        out["measure"] = row.get("measure", "")
        out["yi"], out["vi"] = _estimate_scale(row)
    elif row["kind"] == "dichotomous":
        out.update(
            ai=row["e_events"], bi=_minus(row["e_n"], row["e_events"]), n1i=row["e_n"],
            ci=row["c_events"], di=_minus(row["c_n"], row["c_events"]), n2i=row["c_n"],
        )  # fmt: skip
    else:
        out.update(
            m1i=row["e_mean"], sd1i=row["e_sd"], n1i=row["e_n"],
            m2i=row["c_mean"], sd2i=row["c_sd"], n2i=row["c_n"],
        )  # fmt: skip
    return out


def _meta(row: dict[str, str]) -> dict[str, str]:
    out = {
        "studlab": row.get("study", ""),
        OUTCOME: row.get(OUTCOME, ""),
        TIMEPOINT: row.get(TIMEPOINT, ""),
        "arm.e": row.get("experimental", ""),
        "arm.c": row.get("control", ""),
    }
    if row["kind"] == "note":
        return {"studlab": row["study"], OUTCOME: row[OUTCOME]}
    if row["kind"] == "estimate":
        out["sm"] = row.get("measure", "")
        te, ve = _estimate_scale(row)
        out["TE"] = te
        try:
            out["seTE"] = repr(float(ve) ** 0.5)
        except ValueError:
            out["seTE"] = ve
    elif row["kind"] == "dichotomous":
        out.update(
            {
                "event.e": row["e_events"],
                "n.e": row["e_n"],
                "event.c": row["c_events"],
                "n.c": row["c_n"],
            }
        )
    else:
        out.update(
            {"mean.e": row["e_mean"], "sd.e": row["e_sd"], "n.e": row["e_n"],
             "mean.c": row["c_mean"], "sd.c": row["c_sd"], "n.c": row["c_n"]}
        )  # fmt: skip
    return out
