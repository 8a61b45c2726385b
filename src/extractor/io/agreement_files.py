"""Agreement statistics as JSON (CLI.md's shape) and CSV."""

from __future__ import annotations

from typing import Any

from extractor.core.agreement import FieldAgreement
from extractor.io.spreadsheet_safety import csv_text

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
        "label": f.label,
        "compared": f.compared,
        "agreed": f.agreed,
        "percent": f.percent,
        "kappa": f.kappa,
        "ac1": f.ac1,
    }


def agreement_csv(fields: list[FieldAgreement]) -> str:
    rows = [_field_json(f) for f in fields]
    return csv_text([COLUMNS] + [[row[c] for c in COLUMNS] for row in rows])
