"""PRISMA counts in the PRISMA2020 package's CSV template layout, in and out:
columns data,node,box,description,boxtext,tooltips,url,n."""

from __future__ import annotations

import re
from pathlib import Path

from extractor.core.errors import InputError
from extractor.core.prisma import LABELS, LISTS, NUMBERS, PrismaCounts
from extractor.io.csvfile import read_csv
from extractor.io.spreadsheet_safety import csv_text

COLUMNS = ("data", "node", "box", "description", "boxtext", "tooltips", "url", "n")
_ITEM = re.compile(r"^(?P<label>.+),\s*(?P<n>\d+)$")


def read_prisma(path: Path) -> PrismaCounts:
    table = read_csv(path)
    missing = [c for c in ("data", "n") if c not in table.header]
    if missing:
        raise InputError.at(table.source, 1, f"no {' or '.join(repr(m) for m in missing)} column")
    counts = PrismaCounts()
    problems = []
    for record in table.records:
        key, text = record.cells.get("data", ""), record.cells.get("n", "").strip()
        where = f"{table.source}, line {record.line}"
        if key in LISTS:
            if text in ("", "NA"):
                continue
            items = []
            for part in (p.strip() for p in text.split(";") if p.strip()):
                match = _ITEM.match(part)
                if match is None:
                    problems.append(f"{where}: {key} item {part!r} is not 'Reason, number'")
                    continue
                items.append((match["label"].strip(), int(match["n"])))
            counts.lists[key] = items
        elif key in NUMBERS:
            if text in ("", "NA"):
                counts.numbers[key] = None
            elif text.isdigit():
                counts.numbers[key] = int(text)
            else:
                problems.append(f"{where}: {key} n {text!r} is not a whole number or NA")
    if problems:
        raise InputError(table.source, problems)
    return counts


def prisma_csv(counts: PrismaCounts) -> str:
    rows: list[list[object]] = [list(COLUMNS)]
    for number, key in enumerate(NUMBERS + LISTS, start=1):
        if key in LISTS:
            items = counts.lists.get(key)
            n = "NA" if items is None else "; ".join(f"{label}, {value}" for label, value in items)
        else:
            value = counts.numbers.get(key)
            n = "NA" if value is None else str(value)
        rows.append([key, f"node{number}", f"box{number}", LABELS[key], LABELS[key], "", "", n])
    return csv_text(rows)
