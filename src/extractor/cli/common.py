"""Helpers the command handlers share: opening a project, warnings, reading text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.core.errors import ExtractorError


def open_project(path: Path):
    from extractor.store.project import ProjectFile

    return ProjectFile.open(path)


def warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"extractor: {warning}", file=sys.stderr)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExtractorError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ExtractorError(f"{path}: not UTF-8 text (at byte {exc.start})") from None
    except OSError as exc:
        raise ExtractorError(f"{path}: cannot be read ({exc.strerror})") from None


def shown(value: object) -> str:
    if value is None:
        return "(empty)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def report_prisma(found: list[str]) -> None:
    for problem in found:
        print(f"extractor: PRISMA counts do not add up: {problem}", file=sys.stderr)
