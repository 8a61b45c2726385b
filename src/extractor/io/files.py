"""Writing output files: whole or not at all, with errors a user can act on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from extractor.core.errors import ExtractorError, InputError

SQLITE_MAGIC = b"SQLite format 3\x00"
PART_SUFFIX = ".part"


def write_output(path: Path, content: bytes | str) -> None:
    """Write a whole file or nothing: through a temporary file beside the target
    (never following a link there), synced, then renamed into place. A database
    (a project above all: every command's input) is never overwritten."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    refuse_as_output(path)
    temporary = path.with_name(f".{path.name}{PART_SUFFIX}")
    temporary.unlink(missing_ok=True)  # left by a run that was killed: never completed
    try:
        descriptor = os.open(temporary, _CREATE_NEW, 0o644)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ExtractorError(f"{path}: cannot be written ({exc.strerror})") from None


_CREATE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def refuse_as_output(path: Path) -> None:
    """Refuse an output path that would destroy something or cannot be written: a
    missing folder, a folder, a database (a project)."""
    if not path.parent.is_dir():
        raise ExtractorError(f"{path}: cannot be written (folder {path.parent} does not exist)")
    if path.is_dir():
        raise ExtractorError(f"{path}: is a folder; name a file to write")
    if is_database(path):
        raise ExtractorError(
            f"{path}: is a project or another database; outputs never overwrite one, "
            "choose another file name"
        )


def is_database(path: Path) -> bool:
    """Whether a file starts as an SQLite database does (an Extractor project does)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def read_input(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of a file a user gave us, or an InputError naming it and the problem."""
    source = str(path)
    try:
        if path.stat().st_size > max_bytes:
            raise InputError.at(source, None, f"the file is larger than {max_bytes // 2**20} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError.at(source, None, "no such file") from None
    except IsADirectoryError:
        raise InputError.at(source, None, f"a folder, not {what}") from None
    except OSError as exc:
        raise InputError.at(source, None, f"cannot be read ({exc.strerror})") from None


def json_object(source: str, entry: str, data: bytes) -> dict[str, Any]:
    """Decode a JSON object from an entry of a file a user gave us."""
    import json

    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError.at(source, entry, f"not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise InputError.at(source, entry, "not a JSON object")
    return value


def read_text(path: Path, max_bytes: int = 64 * 1024 * 1024, what: str = "a text file") -> str:
    """A UTF-8 text file the user gave us (a byte-order mark is allowed)."""
    data = read_input(path, max_bytes, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.at(str(path), None, f"not UTF-8 text (at byte {exc.start})") from None
