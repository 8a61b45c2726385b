"""Project-level settings stored in the project file."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from extractor.store.models import Setting


class Settings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str, default: Any = None) -> Any:
        row = self.session.get(Setting, key)
        return default if row is None else row.value

    def set(self, key: str, value: Any) -> None:
        row = self.session.get(Setting, key)
        if row is None:
            self.session.add(Setting(key=key, value=value))
        else:
            row.value = value
