"""Untrusted PDFs are read in a process of their own, with a time and a memory limit.

MuPDF parses whatever a file says: a malformed or hostile PDF can crash it, hang it,
or make it allocate without end, and while it works it holds Python's interpreter
lock. So a file the user gives us is opened in a worker process: a crash ends only
that process, and a file that takes too long or too much memory is cut off and
reported, naming the file. The worker is kept for the next file.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as Overtime
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from extractor.core.errors import InputError
from extractor.core.selection import Word
from extractor.pdf import ocr
from extractor.pdf.document import all_words, first_text
from extractor.pdf.inspect import PdfFacts, inspect_pdf
from extractor.pdf.limits import MEMORY_BYTES, limit_memory

TIMEOUT_SECONDS = 30.0

T = TypeVar("T")
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def inspect_untrusted(
    data: bytes, source: str, password: str | None = None, timeout: float = TIMEOUT_SECONDS
) -> PdfFacts:
    """`inspect_pdf`, in the sandbox: the facts, or an InputError naming `source`."""
    return in_sandbox(inspect_pdf, data, source, password, source=source, timeout=timeout)


def words_untrusted(data: bytes, source: str, timeout: float = TIMEOUT_SECONDS) -> list[list[Word]]:
    """`all_words`, in the sandbox: each page's words, or an InputError naming `source`."""
    return in_sandbox(all_words, data, source, source=source, timeout=timeout)


def first_text_untrusted(
    data: bytes, source: str, timeout: float = TIMEOUT_SECONDS
) -> tuple[str, str]:
    """`first_text`, in the sandbox: the first pages' words and the document information."""
    return in_sandbox(first_text, data, source, source=source, timeout=timeout)


def in_sandbox(
    work: Callable[..., T], *args: object, source: str, timeout: float = TIMEOUT_SECONDS
) -> T:
    """Run `work(*args)` in the worker process; its own errors come back as they are."""
    with _lock:  # one file at a time: the worker is one process
        future = _worker().submit(work, *args)
        try:
            return future.result(timeout)
        except Overtime:
            _discard()
            raise InputError.at(
                source,
                None,
                f"took longer than {timeout:g} s to read, so it was stopped: the file may be "
                "damaged or made to hang a PDF reader",
            ) from None
        except MemoryError:
            raise InputError.at(
                source, None, "needs more memory to read than a PDF should, so it was stopped"
            ) from None
        except BrokenProcessPool:
            _discard()
            raise InputError.at(
                source,
                None,
                "made the PDF reader stop: the file is damaged, or needs more memory than "
                "a PDF should",
            ) from None


def _worker() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=limit_memory,
            initargs=(MEMORY_BYTES,),
        )
    return _pool


def _discard() -> None:
    """Kill the worker (it hangs, or is gone); the next file gets a new one."""
    global _pool
    pool, _pool = _pool, None
    if pool is None:
        return
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def pages_without_text_untrusted(data: bytes, source: str) -> list[int]:
    return in_sandbox(ocr.pages_without_text, data, source, source=source)


def read_page_untrusted(data: bytes, source: str, page: int, language: str) -> list[ocr.Box]:
    """One page read by OCR in the sandbox (a page takes about half a second)."""
    return in_sandbox(ocr.read_page, data, source, page, language, source=source)


def with_text_layer_untrusted(data: bytes, source: str, words: dict[int, list[ocr.Box]]) -> bytes:
    return in_sandbox(ocr.with_text_layer, data, source, words, source=source)
