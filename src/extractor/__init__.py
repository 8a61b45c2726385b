"""Extractor: offline data extraction for systematic reviews."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata only when asked for: reading it
    # costs a tenth of the time it takes the window to appear.
    if name != "__version__":
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("extractor")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+source"
    globals()["__version__"] = found
    return found
