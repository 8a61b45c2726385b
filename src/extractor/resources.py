"""Where the data files in `resources/` are, installed, in a source tree or frozen."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [
        here / "resources",  # a wheel carries them inside the package
        here.parents[1] / "resources",  # a source tree or an editable install
    ]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    for candidate in candidates:
        if (candidate / "forms").is_dir():
            return candidate
    raise FileNotFoundError("Extractor's resources folder is missing from this installation")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
