"""Counts written as English: "1 disagreement", "2 disagreements", "1 study"."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """The number with its noun, singular for exactly one; `plural` where adding an
    "s" is wrong ("study", "studies")."""
    if number == 1:
        return f"{number} {noun}"
    return f"{number} {plural or noun + 's'}"
