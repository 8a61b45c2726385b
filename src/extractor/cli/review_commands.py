"""Commands of the dual review: copies, packages, pairs, conflicts, agreement."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from extractor.cli.common import open_project, shown, warn
from extractor.core.errors import UsageError
from extractor.core.words import counted

if TYPE_CHECKING:
    from extractor.app.exchange import PackageOutcome


def cmd_share(args: argparse.Namespace) -> int:
    from extractor.app.exchange import share_copy

    with open_project(args.project) as project:
        name = share_copy(project, args.reviewer, args.output)
    print(f"wrote {args.output} for {name}")
    return 0


def cmd_package_export(args: argparse.Namespace) -> int:
    from extractor.app.exchange import export_package, export_update

    with open_project(args.project) as project:
        if args.update:
            export_update(project, args.output)
            print(f"wrote {args.output} (studies, PDFs and forms for the reviewers' copies)")
            return 0
        sequence = export_package(project, args.reviewer, args.output)
    print(f"wrote {args.output} (package {sequence} of {args.reviewer})")
    return 0


def cmd_package_import(args: argparse.Namespace) -> int:
    from extractor.app.exchange import import_packages

    with open_project(args.project) as project:
        import_packages(project, args.files, _print_package)
    return 0


def _print_package(done: PackageOutcome) -> None:
    if done.update is not None:
        update = done.update
        references = f", {counted(update.references, 'reference')}" if update.references else ""
        print(
            f"{done.path}: update: {counted(update.studies, 'study', 'studies')}, "
            f"{counted(update.documents, 'PDF')}, {counted(update.forms, 'form')}{references}"
            " added or changed"
        )
    elif done.reviewer is not None and done.reviewer.applied:
        outcome = done.reviewer
        screened = (
            f", {counted(outcome.screening, 'screening decision')} new or changed"
            if outcome.screening
            else ""
        )
        print(
            f"{done.path}: {outcome.reviewer}, package {outcome.sequence}: "
            f"{counted(outcome.extractions, 'extraction')}, {counted(outcome.changed_values, 'value')} changed"
            f"{screened}"
        )
        if outcome.not_carried:
            print(
                f"  {counted(len(outcome.not_carried), 'answer')} made on an older version of a "
                "form cannot be carried to its current one (kept in the audit log):"
            )
            print("\n".join(f"    {line}" for line in outcome.not_carried))
    elif done.reviewer is not None:
        outcome = done.reviewer
        print(
            f"{done.path}: {outcome.reviewer}, package {outcome.sequence} was already imported; nothing changed"
        )


def cmd_assign(args: argparse.Namespace) -> int:
    from extractor.app.review import assign

    with open_project(args.project) as project:
        count, a_name, b_name = assign(project, args.a_name, args.b_name, args.study)
    print(f"{counted(count, 'study', 'studies')} assigned to {a_name} and {b_name}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from extractor.app.review import list_conflicts

    with open_project(args.project) as project:
        found = list_conflicts(project, args.a_name, args.b_name)
    if args.json:
        rows = [
            {
                "study": c.study.label,
                "form": c.form,
                "field": c.conflict.path,
                "a": c.conflict.a,
                "b": c.conflict.b,
                "resolved": c.resolved,
                "reviewer_a": c.a.name,
                "reviewer_b": c.b.name,
            }
            | ({"result": c.result} if c.result else {})
            for c in found
        ]
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not found:
        print("no disagreements")
        return 0
    for c in found:
        mark = "resolved" if c.resolved else "open"
        print(
            f"{c.study.label} | {c.form} | {c.conflict.path} | {c.a.name}: {shown(c.conflict.a)}"
            f" | {c.b.name}: {shown(c.conflict.b)} | {mark}"
        )
    open_count = sum(not c.resolved for c in found)
    print(f"{open_count} open of {counted(len(found), 'disagreement')}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from extractor.app.review import resolve

    value = None
    if args.value_json is not None:
        try:
            value = json.loads(args.value_json)
        except json.JSONDecodeError as exc:
            raise UsageError(f"--value-json is not valid JSON ({exc.msg})") from None
    with open_project(args.project) as project:
        item, remaining = resolve(
            project,
            args.study,
            args.field,
            form_key=args.form_key,
            take=args.take,
            value=value,
            text=args.value,
            reason=args.reason,
            by=args.by,
            result=args.result,
        )
    print(
        f"{item.study.label}: {args.field} resolved; {counted(remaining, 'disagreement')} still open"
    )
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from extractor.app.readiness import checked
    from extractor.app.review import agreement, save_agreement

    with open_project(args.project) as project:
        ready = checked(project, None, args.final)
        found = agreement(project, args.a_name, args.b_name)
    if args.output is not None:
        save_agreement(args.output, found, ready.note)
        warn(ready.lines())
    if args.json:
        print(json.dumps(found.to_json(), ensure_ascii=False))
    elif args.output is None:
        for item in found.fields:
            stats = "".join(
                f"  {name} {value:.2f}"
                for name, value in (("kappa", item.kappa), ("AC1", item.ac1))
                if value is not None
            )
            percent = "-" if item.percent is None else f"{item.percent:.1f}%"
            print(
                f"{item.form}.{item.field} ({item.label}): "
                f"{item.agreed}/{item.compared} ({percent}){stats}"
            )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from extractor.app.history import value_history

    with open_project(args.project) as project:
        changes = value_history(project, args.study, args.field, args.reviewer)
    if args.json:
        print(json.dumps([change.to_json() for change in changes], ensure_ascii=False, indent=2))
        return 0
    for change in changes:
        print(
            f"{change.at[:19].replace('T', ' ')} | {change.reviewer} | {change.study} | "
            f"{change.field} | {shown(change.old)} -> {shown(change.new)} | {change.source}"
        )
    if not changes:
        print("no changes recorded for these filters")
    return 0
