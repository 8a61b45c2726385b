"""`extractor import pdfs`: full texts attached to their studies, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.core.errors import ExtractorError, InputError
from extractor.core.matching import study_for_file
from extractor.core.model import StudyInfo
from extractor.io.files import read_input
from extractor.pdf.inspect import inspect_pdf
from extractor.store.project import ProjectFile

MAX_PDF_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Attached:
    study: str
    filename: str
    pages: int


def pdf_files(paths: list[Path]) -> list[Path]:
    """The files named, and the PDFs inside the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"
            )
        else:
            found.append(path)
    return found


def read_pdf(path: Path) -> tuple[bytes, int]:
    """The file's bytes and page count, or an InputError naming the file."""
    data = read_input(path, MAX_PDF_BYTES, "a PDF file")
    return data, inspect_pdf(data, str(path)).pages


def import_pdfs(
    project: ProjectFile, paths: list[Path], study: str | None = None
) -> list[Attached]:
    """Check every file and find its study first; attach them only if all are fine."""
    files = pdf_files(paths)
    if not files:
        raise ExtractorError("no PDF files found in " + ", ".join(str(p) for p in paths))
    with project.transaction() as repo:
        studies = repo.studies.list()
        chosen: StudyInfo | None = None
        if study is not None:
            chosen = repo.studies.find(study)
            if chosen is None:
                raise ExtractorError(f"no study '{study}' in the project")
        problems: list[str] = []
        ready: list[tuple[StudyInfo, Path, bytes, int]] = []
        for path in files:
            try:
                data, pages = read_pdf(path)
            except InputError as error:
                problems += error.problems
                continue
            matches = [chosen] if chosen else study_for_file(path.name, studies)
            if len(matches) != 1:
                names = ", ".join(s.label for s in matches)
                problems.append(
                    f"{path}: "
                    + (f"could be {names}" if matches else "no study matches the file name")
                    + "; name the study with --study"
                )
                continue
            ready.append((matches[0], path, data, pages))
        if problems:
            raise InputError(str(paths[0]), problems)
        attached = []
        for target, path, data, pages in ready:
            document = repo.documents.attach(target.id, path.name, data, pages)
            attached.append(Attached(target.label, document.filename, pages))
        return attached
