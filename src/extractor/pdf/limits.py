"""The limits a process that reads untrusted PDFs runs under."""

from __future__ import annotations

MEMORY_BYTES = 4 * 1024**3  # of address space: far above any real article, below a bomb


def limit_memory(limit: int = MEMORY_BYTES) -> None:
    """Cap this process's address space where the system allows (not on Windows), so
    that a decompression bomb ends in a MemoryError instead of exhausting the machine."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
