"""The desktop's own settings (not the project's): last and recent projects.

Kept as JSON in the user's config dir (platformdirs), so a broken or missing
file only costs the recent-projects list, never a project.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "Extractor"
RECENT_LIMIT = 10


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def demo_project_path() -> Path:
    return data_dir() / "Demo - biologics in AIH.extractor"


@dataclass(frozen=True)
class ReviewerProfile:
    """Who works at this desktop: recorded with every answer they give."""

    id: str
    name: str
    initials: str

    @classmethod
    def new(cls, name: str, initials: str = "") -> ReviewerProfile:
        from extractor.core.model import initials_of  # the window opens without core/

        return cls(str(uuid.uuid4()), name.strip(), initials.strip() or initials_of(name))


@dataclass
class AppConfig:
    last_project: str | None = None
    recent: list[str] = field(default_factory=list)
    first_start_done: bool = False
    profile: ReviewerProfile | None = None
    page_size: str = "A4"  # of the projects made in the window
    backup_minutes: int = 30
    theme: str = "system"

    @classmethod
    def load(cls) -> AppConfig:
        path = config_dir() / "settings.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        recent = raw.get("recent")
        return cls(
            profile=_profile(raw.get("profile")),
            last_project=raw.get("last_project")
            if isinstance(raw.get("last_project"), str)
            else None,
            recent=[p for p in recent if isinstance(p, str)] if isinstance(recent, list) else [],
            first_start_done=bool(raw.get("first_start_done", False)),
            page_size=_choice(raw.get("page_size"), ("A4", "Letter"), "A4"),
            backup_minutes=_minutes(raw.get("backup_minutes")),
            theme=_choice(raw.get("theme"), ("system", "light", "dark"), "system"),
        )

    def save(self) -> None:
        """Write atomically: a crash mid-write leaves the previous settings."""
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / "settings.json.tmp"
        temporary.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        temporary.replace(folder / "settings.json")

    def opened(self, path: Path) -> None:
        """Remember a project as the last one and first of the recent list."""
        text = str(path.resolve())
        self.last_project = text
        self.recent = [text] + [p for p in self.recent if p != text][: RECENT_LIMIT - 1]


def _profile(raw: object) -> ReviewerProfile | None:
    if not isinstance(raw, dict):
        return None
    id_, name, initials = raw.get("id"), raw.get("name"), raw.get("initials")
    if not (isinstance(id_, str) and isinstance(name, str) and isinstance(initials, str)):
        return None
    if not id_ or not name:
        return None
    return ReviewerProfile(id_, name, initials)


def _choice(value: object, allowed: tuple[str, ...], default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default


def _minutes(value: object) -> int:
    return value if isinstance(value, int) and 0 <= value <= 240 else 30
