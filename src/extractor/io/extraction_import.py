"""`extractor import extractions`: a reviewer's answers from a CSV, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.core.errors import ExtractorError, InputError
from extractor.core.forms import Form, FormKind
from extractor.core.model import Status
from extractor.io.extraction_csv import read_extractions
from extractor.store.project import ProjectFile
from extractor.store.repository import Repository


@dataclass(frozen=True)
class ExtractionsImport:
    form: str
    reviewer: str
    studies: int
    changed_values: int


def pick_form(repo: Repository, key: str | None) -> Form:
    """The form named by `key`, or the project's only extraction form."""
    if key is not None:
        form = repo.forms.get(key)
        if form is None:
            known = ", ".join(f.key for f in repo.forms.list()) or "none"
            raise ExtractorError(f"the project has no form '{key}' (forms: {known})")
        return form
    forms = repo.forms.list(FormKind.EXTRACTION)
    if len(forms) != 1:
        keys = ", ".join(f.key for f in forms) or "none yet"
        raise ExtractorError(f"name the form with --form (extraction forms: {keys})")
    return forms[0]


def import_extractions(
    project: ProjectFile, path: Path, reviewer: str, form_key: str | None = None,
    status: Status | None = None,
) -> ExtractionsImport:  # fmt: skip
    """Check the whole file, then write every answer in one transaction."""
    with project.transaction() as repo:
        form = pick_form(repo, form_key)
        parsed = read_extractions(path, form, repo.studies.find)
        if not parsed.studies:
            raise InputError.at(str(path), None, "no rows of answers")
        who = repo.reviewers.add(reviewer)
        changed = 0
        groups = set() if parsed.group is None else {parsed.group}
        for study_id, data in parsed.studies.items():
            existing = repo.answers.reviewers_of(study_id, form)
            if data.is_empty() and who.id not in existing:
                continue
            if status is not None:
                data.status = status
            changed += repo.answers.write(
                study_id, form, who.id, data, fields=set(parsed.fields), groups=groups
            )
        return ExtractionsImport(
            form=form.key, reviewer=who.name, studies=len(parsed.studies), changed_values=changed
        )
