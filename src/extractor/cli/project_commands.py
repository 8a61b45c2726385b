"""Commands on a project and its contents: new, demo, info, forms, studies, PDFs, answers, data."""

from __future__ import annotations

import argparse
import json
import sys

from extractor.cli.common import open_project, read_text, warn
from extractor.core.errors import ExtractorError
from extractor.core.forms import load_form_json
from extractor.core.model import Status
from extractor.resources import resource


def cmd_new(args: argparse.Namespace) -> int:
    from extractor.store.project import ProjectFile

    paths = args.form or [resource("forms", "study_characteristics.json")]
    forms = [load_form_json(read_text(path), str(path)) for path in paths]
    project = ProjectFile.create(args.project, args.title, args.question)
    with project, project.transaction() as repo:
        for form in forms:
            repo.forms.save(form)
    print(f"created {args.project}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from extractor.demo import write_demo

    with write_demo(args.project):
        pass
    print(f"wrote the demo project to {args.project}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with open_project(args.project) as project, project.transaction() as repo:
        summary = repo.overview.summary()
        conflicts = repo.conflicts.count_open()
    if args.json:
        payload = {
            "title": summary.title,
            "studies": summary.studies,
            "documents": summary.documents,
            "reviewers": summary.reviewers,
            "forms": summary.forms,
            "extractions": summary.extractions,
            "open_conflicts": conflicts,
        }
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    statuses = ", ".join(f"{n} {status}" for status, n in summary.extractions.items())
    print(f"Title:          {summary.title}")
    if summary.review_question:
        print(f"Question:       {summary.review_question}")
    print(f"Studies:        {summary.studies}")
    print(f"Documents:      {summary.documents}")
    print(f"Reviewers:      {', '.join(summary.reviewers) or 'none yet'}")
    print(f"Forms:          {', '.join(summary.forms) or 'none yet'}")
    print(f"Extractions:    {statuses}")
    print(f"Open conflicts: {conflicts}")
    return 0


def cmd_form_import(args: argparse.Namespace) -> int:
    form = load_form_json(read_text(args.file), str(args.file))
    with open_project(args.project) as project, project.transaction() as repo:
        created = repo.forms.save(form)
    print(f"{'added' if created else 'updated'} form '{form.key}' ({form.name})")
    return 0


def cmd_form_export(args: argparse.Namespace) -> int:
    with open_project(args.project) as project, project.transaction() as repo:
        form = repo.forms.get(args.key)
        known = [f.key for f in repo.forms.list()]
    if form is None:
        raise ExtractorError(f"the project has no form '{args.key}' (forms: {', '.join(known)})")
    from extractor.io.files import write_output

    write_output(args.output, form.to_json())
    return 0


def cmd_import_studies(args: argparse.Namespace) -> int:
    from extractor.io.studies_csv import import_studies

    with open_project(args.project) as project:
        outcome = import_studies(project, args.file)
    if outcome.ignored_columns:
        print(f"{args.file}: ignored columns {', '.join(outcome.ignored_columns)}", file=sys.stderr)
    print(f"{outcome.added} studies added, {outcome.updated} updated")
    return 0


def cmd_import_pdfs(args: argparse.Namespace) -> int:
    from extractor.io.pdf_import import import_pdfs

    with open_project(args.project) as project:
        attached = import_pdfs(project, args.paths, args.study)
    for item in attached:
        print(f"{item.study}: {item.filename} ({item.pages} pages)")
    return 0


def cmd_import_extractions(args: argparse.Namespace) -> int:
    from extractor.io.extraction_import import import_extractions

    with open_project(args.project) as project:
        status = Status(args.status) if args.status else None
        outcome = import_extractions(project, args.file, args.reviewer, args.form_key, status)
    studies = f"{outcome.studies} stud{'y' if outcome.studies == 1 else 'ies'}"
    print(
        f"{outcome.reviewer}: {studies} of form '{outcome.form}', "
        f"{outcome.changed_values} values changed"
    )
    return 0


def cmd_export_data(args: argparse.Namespace) -> int:
    from extractor.io.data_export import export_data

    with open_project(args.project) as project:
        warnings = export_data(project, args.output, args.source, args.form_key, args.group_key)
    warn(warnings)
    print(f"wrote {args.output}")
    return 0
