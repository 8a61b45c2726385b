"""Agreement statistics as JSON (CLI.md's shape) and CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from extractor.core.agreement import FieldAgreement

COLUMNS = ("form", "field", "compared", "agreed", "percent", "kappa", "ac1")


def agreement_json(fields: list[FieldAgreement]) -> dict[str, Any]:
    compared = sum(f.compared for f in fields)
    agreed = sum(f.agreed for f in fields)
    return {
        "fields": [_field_json(f) for f in fields],
        "overall": {
            "compared": compared,
            "agreed": agreed,
            "percent": round(100 * agreed / compared, 2) if compared else None,
        },
    }


def _field_json(f: FieldAgreement) -> dict[str, Any]:
    return {
        "field": f.field,
        "form": f.form,
        "compared": f.compared,
        "agreed": f.agreed,
        "percent": f.percent,
        "kappa": f.kappa,
        "ac1": f.ac1,
    }


def agreement_csv(fields: list[FieldAgreement]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for f in fields:
        row = _field_json(f)
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return buffer.getvalue()
