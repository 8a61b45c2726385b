"""Which project the desktop app opens when started."""

from __future__ import annotations

from pathlib import Path

from extractor.config import AppConfig, demo_project_path


def project_to_open(requested: Path | None, config: AppConfig) -> Path:
    """The project asked for; else the last one, if it still exists; else the
    demo project, written to the user's data dir the first time it is needed."""
    if requested is not None:
        return requested
    if config.last_project and Path(config.last_project).is_file():
        return Path(config.last_project)
    return demo_path_ready()


def demo_path_ready() -> Path:
    """The demo project in the user's data dir, written the first time it is needed."""
    demo = demo_project_path()
    if not demo.exists():
        from extractor.demo import write_demo

        demo.parent.mkdir(parents=True, exist_ok=True)
        write_demo(demo).close()
    return demo
