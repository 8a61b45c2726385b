"""Commands on a project and its contents: new, demo, info, forms, studies, PDFs, answers, data."""

from __future__ import annotations

import argparse
import json
import sys

from extractor.cli.common import open_project, report_left_out, warn
from extractor.core.errors import UsageError
from extractor.core.model import Citation, Status
from extractor.core.words import counted


def cmd_new(args: argparse.Namespace) -> int:
    from extractor.app.project import create_project

    create_project(args.project, args.title, args.question, args.form).close()
    print(f"created {args.project}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from extractor.app.demo import write_demo

    with write_demo(args.project):
        pass
    print(f"wrote the demo project to {args.project}")
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from extractor.app.project import save_copy

    with open_project(args.project) as project:
        save_copy(project, args.out)
    print(f"wrote a copy of {args.project} to {args.out}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from extractor.app.project import project_info

    with open_project(args.project) as project:
        info = project_info(project)
    if args.json:
        print(json.dumps(info.to_json(), ensure_ascii=False))
        return 0
    statuses = ", ".join(f"{n} {status}" for status, n in info.extractions.items())
    print(f"Title:          {info.title}")
    if info.review_question:
        print(f"Question:       {info.review_question}")
    print(f"Studies:        {info.studies}")
    print(f"Documents:      {info.documents}")
    print(f"Reviewers:      {', '.join(info.reviewers) or 'none yet'}")
    print(f"Forms:          {', '.join(info.forms) or 'none yet'}")
    print(f"Extractions:    {statuses}")
    print(f"Open conflicts: {info.open_conflicts}")
    return 0


def cmd_form_import(args: argparse.Namespace) -> int:
    from extractor.app.form_revision import ANY_LOSS, import_form_file

    with open_project(args.project) as project:
        revision = import_form_file(
            project, args.file, ANY_LOSS if args.yes else False, args.dry_run
        )
    print("\n".join(revision.lines()))
    if args.dry_run or revision.applied or not revision.changed:
        if args.dry_run and revision.changed:
            print("nothing changed (--dry-run)")
        return 0
    lost = [counted(len(revision.lost), "answer")] if revision.lost else []
    lost += [counted(len(revision.reopened), "decision")] if revision.reopened else []
    return _ask_for_yes(
        f"{' and '.join(lost)} cannot be carried to the new version; run again with --yes "
        "to make it (the audit log and the old version's data keep them)"
    )


def cmd_form_export(args: argparse.Namespace) -> int:
    from extractor.app.project import export_form

    with open_project(args.project) as project:
        export_form(project, args.key, args.output, args.version)
    return 0


def cmd_form_pilot(args: argparse.Namespace) -> int:
    from extractor.app.pilot import pilot_report, start_pilot

    with open_project(args.project) as project:
        if args.studies is not None or args.study:
            start_pilot(project, args.key, args.studies, args.study)
            report = pilot_report(project, args.key)
            print(
                f"pilot of form '{args.key}' on {counted(len(report.labels), 'study', 'studies')}: "
                f"{', '.join(report.labels)}"
            )
            return 0
        report = pilot_report(project, args.key)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print("\n".join(report.lines()))
    return 0


def cmd_form_freeze(args: argparse.Namespace) -> int:
    from extractor.app.pilot import freeze_form

    with open_project(args.project) as project:
        state = freeze_form(project, args.key)
    print(f"froze form '{args.key}' at version {state.frozen_version}: the pilot is over")
    return 0


def cmd_form_versions(args: argparse.Namespace) -> int:
    from extractor.app.form_revision import form_history

    with open_project(args.project) as project:
        form, archived = form_history(project, args.key)
    if args.json:
        versions = [
            {"version": v.version, "replaced_at": v.replaced_at, "data_of": list(v.data)}
            for v in archived
        ]
        print(json.dumps({"form": form.key, "version": form.version, "replaced": versions}))
        return 0
    print(f"form '{form.key}' ({form.name}): version {form.version}")
    for item in archived:
        kept = f"; answers kept for {', '.join(item.data)}" if item.data else ""
        print(f"  version {item.version}, replaced {item.replaced_at[:19]}{kept}")
    return 0


def _citation(args: argparse.Namespace) -> Citation:
    return Citation(args.authors, args.year, args.title, args.journal, args.doi, args.pmid)


def cmd_study_add(args: argparse.Namespace) -> int:
    from extractor.app.studies import add_study

    with open_project(args.project) as project:
        study = add_study(project, args.label, args.ref, _citation(args))
    print(f"added {study.label}")
    return 0


def cmd_study_edit(args: argparse.Namespace) -> int:
    from extractor.app.studies import update_study

    with open_project(args.project) as project:
        before, after = update_study(project, args.study, args.label, args.ref, _citation(args))
    print(f"{before.label}: now {after.label}" if before.label != after.label else after.label)
    return 0


def _ask_for_yes(what_goes: str) -> int:
    """Nothing a reviewer entered goes without a --yes that saw how much."""
    print(f"extractor: {what_goes}", file=sys.stderr)
    return 1


def cmd_study_remove(args: argparse.Namespace) -> int:
    from extractor.app.studies import remove_study, study_contents

    with open_project(args.project) as project:
        contents = study_contents(project, args.study)
        if not contents.empty and not args.yes:
            return _ask_for_yes(
                f"removing {contents.label} deletes {contents.said()}; run again with --yes "
                "to remove it (the audit log keeps their history)"
            )
        remove_study(project, args.study, contents)
    print(f"removed {contents.label} and {contents.said()}")
    return 0


def cmd_study_detach(args: argparse.Namespace) -> int:
    from extractor.app.studies import detach_pdf, pdf_of, pdf_quotes

    with open_project(args.project) as project:
        study, document = pdf_of(project, args.study, args.filename)
        quotes = pdf_quotes(project, document.id)
        if quotes and not args.yes:
            return _ask_for_yes(
                f"detaching {document.filename} deletes {counted(quotes, 'quote')} of "
                "evidence; run again with --yes to detach it"
            )
        detach_pdf(project, document.id, quotes)
    print(f"detached {document.filename} from {study.label}")
    return 0


def cmd_study_replace(args: argparse.Namespace) -> int:
    from extractor.app.pdf_replacement import plan_replacement, replace_pdf
    from extractor.app.studies import pdf_of

    password = sys.stdin.readline().rstrip("\r\n") if args.password == "-" else args.password
    with open_project(args.project) as project:
        study, document = pdf_of(project, args.study, args.filename)
        plan = plan_replacement(project, document.id, args.new, password)
        if plan.lost and not args.yes:
            for lost in plan.lost:
                print(f"extractor:   not in {args.new.name}: {lost}", file=sys.stderr)
            return _ask_for_yes(
                f"{plan.lost_line()} (listed above) and would be deleted; run again with "
                "--yes to replace it all the same"
            )
        new = replace_pdf(project, plan, len(plan.lost))
    print(f"replaced {document.filename} by {new.filename} in {study.label}: {plan.summary()}")
    return 0


def cmd_import_studies(args: argparse.Namespace) -> int:
    from extractor.app.studies import import_studies

    with open_project(args.project) as project:
        outcome = import_studies(project, args.file)
    if outcome.ignored_columns:
        print(f"{args.file}: ignored columns {', '.join(outcome.ignored_columns)}", file=sys.stderr)
    print(f"{counted(outcome.added, 'study', 'studies')} added, {outcome.updated} updated")
    return 0


def cmd_import_pdfs(args: argparse.Namespace) -> int:
    from extractor.app.studies import import_pdfs

    password = sys.stdin.readline().rstrip("\r\n") if args.password == "-" else args.password
    with open_project(args.project) as project:
        outcome = import_pdfs(project, args.paths, args.study, password)
    for item in outcome.attached:
        print(f"{item.study}: {item.filename} ({counted(item.pages, 'page')})")
    return report_left_out(outcome.left_out(), "attached")


def cmd_import_extractions(args: argparse.Namespace) -> int:
    from extractor.app.extraction import import_extractions

    with open_project(args.project) as project:
        status = Status(args.status) if args.status else None
        outcome = import_extractions(project, args.file, args.reviewer, args.form_key, status)
    studies = counted(outcome.studies, "study", "studies")
    print(
        f"{outcome.reviewer}: {studies} of form '{outcome.form}', "
        f"{counted(outcome.changed_values, 'value')} changed"
    )
    return 0


def cmd_export_data(args: argparse.Namespace) -> int:
    from extractor.app.outputs import export_data

    if args.version is not None:
        from extractor.app.form_revision import export_version_data

        if args.form_key is None:
            raise UsageError("--version needs --form: the form whose version it is")
        with open_project(args.project) as project:
            export_version_data(project, args.form_key, args.version, args.output)
        print(f"wrote {args.output}")
        return 0
    with open_project(args.project) as project:
        warnings = export_data(
            project, args.output, args.source, args.form_key, args.group_key, args.final
        )
    warn(warnings)
    print(f"wrote {args.output}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from extractor.app.backups import backups, restore

    found = backups(args.project)
    if args.restore is None:
        if not found:
            print(f"no backups of {args.project} yet (the desktop app makes them)")
        for number, backup in enumerate(found, start=1):
            print(
                f"{number:>3}  {backup.taken:%Y-%m-%d %H:%M:%S}  "
                f"{counted(backup.studies, 'study', 'studies')}, {counted(backup.answers, 'answer')}  {backup.path}"
            )
        return 0
    if args.output is None:
        raise UsageError("--restore needs -o NEW.extractor: a backup is restored as a new file")
    if not 1 <= args.restore <= len(found):
        raise UsageError(f"--restore takes a number from the list (1 to {len(found)})")
    restore(found[args.restore - 1].path, args.output)
    print(
        f"wrote {args.output} from the backup of {found[args.restore - 1].taken:%Y-%m-%d %H:%M:%S}"
    )
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from extractor.app.project import verify_audit

    with open_project(args.project) as project:
        verdict = verify_audit(project)
    if verdict.broken is not None:
        print(f"audit broken at {verdict.broken}", file=sys.stderr)
        return 1
    print(f"audit ok: {counted(verdict.events, 'event')}")
    return 0
