"""The file formats each output can be written in, declared once: the use cases
pick the writer by the file's suffix, the command line and the window name the
choices from here, and the window's save dialogs offer exactly these."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.core.errors import InputError


@dataclass(frozen=True)
class Format:
    suffix: str  # ".pdf"
    name: str  # what a save dialog calls it
    aliases: tuple[str, ...] = ()  # other suffixes for the same format (".tif")
    note: str = ""  # said after the suffix where the suffix alone is ambiguous

    @property
    def pattern(self) -> str:
        """A save dialog's name filter: `PDF (*.pdf)`."""
        return f"{self.name} (*{' *'.join((self.suffix, *self.aliases))})"


@dataclass(frozen=True)
class Output:
    what: str
    formats: tuple[Format, ...]

    def format_of(self, out: Path) -> Format:
        """The format `out`'s suffix names, or the user's error naming the choices."""
        suffix = out.suffix.lower()
        for candidate in self.formats:
            if suffix == candidate.suffix or suffix in candidate.aliases:
                return candidate
        raise InputError.at(str(out), None, f"choose a file ending {self.choices()}")

    def choices(self) -> str:
        suffixes = [f.suffix + (f" ({f.note})" if f.note else "") for f in self.formats]
        return (
            suffixes[0] if len(suffixes) == 1 else ", ".join(suffixes[:-1]) + " or " + suffixes[-1]
        )

    def dialog_filter(self) -> str:
        """The name filters of a save dialog, the first format first."""
        return ";;".join(f.pattern for f in self.formats)


PDF = Format(".pdf", "PDF")
CSV = Format(".csv", "CSV")
JSON = Format(".json", "JSON")

TABLES = Output("tables", (PDF, Format(".docx", "Word")))
SYNTHESIS = Output("synthesis", (CSV, JSON, PDF))
DATA = Output("data", (CSV, Format(".xlsx", "Excel workbook"), JSON))
PRISMA = Output("PRISMA flow diagram", (PDF, CSV))
EVIDENCE = Output("evidence appendix", (PDF,))
OUTCOMES = Output("outcome data", (CSV,))
FOREST = Output("forest plot", (PDF, Format(".png", "PNG image", note="600 dpi")))
AGREEMENT = Output("agreement", (Format(".pdf", "PDF report"), Format(".csv", "CSV table")))
ROB_FIGURES = Output(
    "risk-of-bias figures",
    (
        PDF,
        Format(".png", "PNG image"),
        Format(".tiff", "TIFF image", (".tif",)),
        Format(".csv", "robvis CSV", note="robvis"),
    ),
)
