"""The evidence appendix: every extracted value with the quotes it was read from.

For each study and form, each place with a value (or the words for why it has
none) and, beside it, every quote a reviewer tied to that place: the quote, its
page and document, and who quoted it. Where the value shown is a consensus and a
reviewer's own value differs, the reviewer's value is shown with their quote, so
that nothing is attributed to a quote that does not say it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Quote:
    reviewer: str
    text: str
    page: int  # 1-based, as quotes are stored
    document: str
    their_value: str = ""  # the reviewer's own value, where it is not the one shown
    ocr: bool = False  # read from text OCR made of a scanned page


@dataclass(frozen=True)
class Entry:
    field: str  # in the form's words
    value: str
    quotes: tuple[Quote, ...] = ()


@dataclass
class FormPart:
    form: str
    source: str  # whose values: a reviewer's name, "Consensus", or "no one yet"
    entries: list[Entry] = field(default_factory=list)


@dataclass
class StudyPart:
    label: str
    ref: str | None
    forms: list[FormPart] = field(default_factory=list)

    @property
    def quotes(self) -> int:
        return sum(len(entry.quotes) for part in self.forms for entry in part.entries)
