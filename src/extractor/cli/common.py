"""Helpers the command handlers share: opening a project, warnings, showing values."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.app.ports import Project


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
