"""Helpers the command handlers share: opening a project, warnings, showing values."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.app.ports import Project
from extractor.core.words import counted


def open_project(path: Path) -> Project:
    from extractor.app.project import open_project as open_file

    return open_file(path)


def warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"extractor: {warning}", file=sys.stderr)


def shown(value: object) -> str:
    if value is None:
        return "(empty)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def report_prisma(found: list[str]) -> None:
    for problem in found:
        print(f"extractor: PRISMA counts do not add up: {problem}", file=sys.stderr)


def report_left_out(left_out: list[str], verb: str) -> int:
    """Name on stderr each file an import left out, with why; the exit status."""
    if not left_out:
        return 0
    print(f"extractor: {counted(len(left_out), 'file')} not {verb}:", file=sys.stderr)
    for line in left_out:
        print(f"extractor:   {line}", file=sys.stderr)
    return 1
