"""`extractor export synthesis`: the summary as CSV, JSON or a PDF table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from extractor.core.errors import ExtractorError
from extractor.core.synthesis import columns, synthesis
from extractor.io.data_export import gather
from extractor.io.extraction_import import pick_form
from extractor.io.files import write_output
from extractor.store.project import ProjectFile


def export_synthesis(
    project: ProjectFile, by: list[str], out: Path, source: str | None = None,
    form_key: str | None = None,
) -> list[str]:  # fmt: skip
    """Write the synthesis in the format `out`'s suffix names; returns warnings."""
    suffix = out.suffix.lower()
    if suffix not in {".csv", ".json", ".pdf"}:
        raise ExtractorError(f"{out}: choose a file ending .csv, .json or .pdf")
    with project.transaction() as repo:
        form = pick_form(repo, form_key)
        items, warnings = gather(repo, form, source)
        title = repo.overview.project().title
    rows = synthesis(form, by, ((i.study.label, i.data) for i in items))
    if suffix == ".json":
        write_output(out, json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        write_output(out, synthesis_csv(rows))
    else:
        from extractor.reports.synthesis_report import synthesis_pdf

        write_output(out, synthesis_pdf(title, form, by, rows))
    return warnings


def synthesis_csv(rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO(newline="")
    header = columns(rows)
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n", restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()
