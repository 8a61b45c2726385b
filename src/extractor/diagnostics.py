"""Diagnostics: a rotating log file in the user's log folder, and faulthandler.

Every run of `extractor` logs there (warnings and errors; everything with
--verbose, which also logs to the terminal). A crash deep in Qt or MuPDF, which
Python cannot catch, still leaves its traceback in `crash.log` beside it.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
from pathlib import Path
from typing import TextIO

import platformdirs

APP_NAME = "Extractor"
LOG_BYTES = 1024 * 1024
LOGS_KEPT = 3
_crash_file: TextIO | None = None


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    return log_dir() / "extractor.log"


def start_logging(verbose: bool = False) -> None:
    """Log to the rotating file (and to stderr when verbose); turn faulthandler on.
    A log folder that cannot be written costs the log, never the run."""
    global _crash_file
    root = logging.getLogger("extractor")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for old in [h for h in root.handlers if getattr(h, "_extractor", False)]:
        root.removeHandler(old)  # started again (tests, a second window): one set only
        old.close()
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        to_file = logging.handlers.RotatingFileHandler(
            log_path(), maxBytes=LOG_BYTES, backupCount=LOGS_KEPT, encoding="utf-8"
        )
        crash_file = (log_dir() / "crash.log").open("a", encoding="utf-8")
    except OSError as exc:
        print(f"extractor: no log file ({exc.strerror}): {log_dir()}", file=sys.stderr)
    else:
        to_file.setFormatter(formatter)
        to_file.setLevel(logging.DEBUG if verbose else logging.INFO)
        to_file._extractor = True  # type: ignore[attr-defined]
        root.addHandler(to_file)
        faulthandler.enable(crash_file)
        if _crash_file is not None:
            _crash_file.close()
        _crash_file = crash_file
    if verbose:
        to_terminal = logging.StreamHandler(sys.stderr)
        to_terminal.setFormatter(formatter)
        to_terminal._extractor = True  # type: ignore[attr-defined]
        root.addHandler(to_terminal)
    logging.getLogger("extractor").info("extractor started: %s", " ".join(sys.argv))
