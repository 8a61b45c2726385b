"""Writing output files: whole or not at all, with errors a user can act on."""

from __future__ import annotations

import os
from pathlib import Path

from extractor.core.errors import ExtractorError


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
