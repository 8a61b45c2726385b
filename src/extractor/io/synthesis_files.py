"""The synthesis as CSV (its JSON is the rows as they are; its PDF is a report)."""

from __future__ import annotations

from extractor.core.synthesis import columns
from extractor.io.spreadsheet_safety import csv_text


def synthesis_csv(rows: list[dict[str, object]]) -> str:
    header = columns(rows)
    return csv_text([header] + [[row.get(key) for key in header] for row in rows])
