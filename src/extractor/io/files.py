"""Writing output files: whole or not at all, with errors a user can act on."""

from __future__ import annotations

import os
from pathlib import Path

from extractor.core.errors import ExtractorError, InputError


def write_output(path: Path, content: bytes | str) -> None:
    """Write through a temporary file beside the target, then rename it into
    place, so a failed export never leaves a half-written file behind."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not path.parent.is_dir():
        raise ExtractorError(f"{path}: cannot be written (folder {path.parent} does not exist)")
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ExtractorError(f"{path}: cannot be written ({exc.strerror})") from None


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


def json_object(source: str, entry: str, data: bytes) -> dict:
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
