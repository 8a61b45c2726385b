"""Field paths: `country` for a study-level field, `arms[2].patients` for a
sub-field of the second row of a group (1-based, as people count rows)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.core.errors import ExtractorError

_PATH = re.compile(r"^(?P<key>[A-Za-z_]\w*)(\[(?P<index>\d+)\](\.(?P<sub>[A-Za-z_]\w*))?)?$")


@dataclass(frozen=True)
class FieldPath:
    key: str
    row: int | None = None  # 1-based row of a group
    sub: str | None = None

    @classmethod
    def parse(cls, text: str) -> FieldPath:
        match = _PATH.match(text.strip())
        if match is None or (match["index"] is not None and int(match["index"]) < 1):
            raise ExtractorError(
                f"'{text}' is not a field path (like 'country' or 'arms[2].patients')"
            )
        index = match["index"]
        return cls(match["key"], int(index) if index else None, match["sub"])

    def __str__(self) -> str:
        if self.row is None:
            return self.key
        text = f"{self.key}[{self.row}]"
        return f"{text}.{self.sub}" if self.sub else text
