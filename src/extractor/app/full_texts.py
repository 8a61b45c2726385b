"""Full texts for screening: PDFs matched to references (by DOI, title, then file
name) and kept with them; a reference included at full text brings them to its
study."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractor.app.ports import Project
from extractor.app.screening import find_reference
from extractor.core.errors import InputError
from extractor.core.full_texts import FullText, Match, match_full_text
from extractor.core.progress import Progress, silent
from extractor.io.pdf_import import pdf_files, pdf_first_text, read_pdf
from extractor.store.references import StoredReference
from extractor.store.repository import Repository


@dataclass(frozen=True)
class Matched:
    file: str
    reference: str  # its label
    how: str
    new: bool  # False: the reference had this very file already


@dataclass
class FullTextImport:
    matched: list[Matched] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "file: why"
    undecided: list[tuple[str, list[str], str]] = field(default_factory=list)

    def kept(self) -> list[str]:
        """Each file kept, with its reference and how it was matched."""
        return [
            f"{m.file}: {m.reference}, by {m.how}" + ("" if m.new else " (already there)")
            for m in self.matched
        ]

    def left_out(self) -> list[str]:
        return self.skipped + [
            f"{file}: could be {' or '.join(labels)} ({how}); name it with --reference"
            for file, labels, how in self.undecided
        ]


def import_full_texts(
    project: Project,
    paths: list[Path],
    reference: str | None = None,
    password: str | None = None,
    progress: Progress = silent,
) -> FullTextImport:
    """Match each PDF to a reference and keep it there, in one transaction; a file
    that cannot be read, fits no reference, or fits several, is left out and said.
    With `reference`, every file is that reference's."""
    files = pdf_files(paths)
    if not files:
        raise InputError.at(", ".join(str(p) for p in paths), None, "no PDF files found")
    outcome = FullTextImport()
    with project.transaction() as repo:
        stored = repo.references.list()
        named = find_reference(repo, reference) if reference else None
        candidates = [(s.label, s.reference) for s in stored]
        for number, path in enumerate(files):
            progress(number, len(files), f"Reading {path.name}")
            try:
                data, pages = read_pdf(path, password)
                if named is None:
                    text, metadata = pdf_first_text(data, str(path))
            except InputError as error:
                outcome.skipped += error.problems
                continue
            if named is not None:
                match, chosen = Match([0], "the reference named"), [named]
            else:
                match = match_full_text(FullText(path.name, text, metadata), candidates)
                chosen = [stored[n] for n in match.references]
            if not chosen:
                outcome.skipped.append(f"{path}: no reference fits its DOI, title or file name")
            elif len(chosen) > 1:
                outcome.undecided.append((str(path), [s.label for s in chosen], match.how))
            else:
                new = _keep(repo, chosen[0], path.name, data, pages, match.how)
                outcome.matched.append(Matched(str(path), chosen[0].label, match.how, new))
    return outcome


def _keep(
    repo: Repository, stored: StoredReference, name: str, data: bytes, pages: int, how: str
) -> bool:
    """Keep the file with the reference, and with its study when it is one already."""
    _, new = repo.reference_files.attach(stored.id, name, data, pages, how)
    if stored.study_id is not None:
        repo.documents.attach(stored.study_id, name, data, pages)
    return new
