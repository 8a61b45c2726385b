"""The synthesis as CSV (its JSON is the rows as they are; its PDF is a report)."""

from __future__ import annotations

import csv
import io

from extractor.core.synthesis import columns


def synthesis_csv(rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO(newline="")
    header = columns(rows)
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n", restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()
