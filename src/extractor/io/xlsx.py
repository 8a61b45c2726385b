"""Saving workbooks with the same bytes for the same content."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]  # openpyxl ships no type hints

from extractor.io.files import write_output
from extractor.zips import stable_zip

FIXED_TIME = datetime.datetime(2000, 1, 1)


def save_workbook(workbook: Workbook, path: Path) -> None:
    """openpyxl stamps the save time into the properties and every zip entry;
    a fixed time makes two exports of the same project byte-identical."""
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    write_output(path, stable_zip(raw.getvalue()))
