"""Project-level settings stored in the project file."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.store.models import Setting


class Settings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str, default: Any = None) -> Any:
        row = self.session.get(Setting, key)
        return default if row is None else row.value

    def items(self, prefix: str) -> list[tuple[str, Any]]:
        """Every setting whose key begins with `prefix`."""
        rows = self.session.scalars(
            select(Setting).where(Setting.key.startswith(prefix, autoescape=True))
        )
        return [(row.key, row.value) for row in rows]

    def set(self, key: str, value: Any) -> None:
        row = self.session.get(Setting, key)
        if row is None:
            self.session.add(Setting(key=key, value=value))
        else:
            row.value = value
