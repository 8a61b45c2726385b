"""Which project the desktop app opens when started."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extractor.config import AppConfig, demo_project_path


def project_to_open(
    requested: Path | None, config: AppConfig, preparing: Callable[[], None] | None = None
) -> Path:
    """The project asked for; else the last one, if it still exists; else the
    demo project, written to the user's data dir the first time it is needed
    (`preparing` is called first, to say so: it takes a second or two)."""
    if requested is not None:
        return requested
    if config.last_project and Path(config.last_project).is_file():
        return Path(config.last_project)
    return demo_path_ready(preparing)


def demo_path_ready(preparing: Callable[[], None] | None = None) -> Path:
    """The demo project in the user's data dir, written the first time it is needed."""
    demo = demo_project_path()
    if not demo.exists():
        from extractor.demo import write_demo

        if preparing is not None:
            preparing()
        demo.parent.mkdir(parents=True, exist_ok=True)
        write_demo(demo).close()
    return demo
