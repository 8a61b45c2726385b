"""Commands of the dual review: copies, packages, pairs, conflicts, agreement."""

from __future__ import annotations

import argparse
import json

from extractor.cli.common import open_project, shown
from extractor.core.errors import ExtractorError


def cmd_share(args: argparse.Namespace) -> int:
    from extractor.store.sharing import share

    with open_project(args.project) as project:
        with project.transaction() as repo:
            reviewer = repo.reviewers.add(args.reviewer)
        share(project, reviewer, args.output)
    print(f"wrote {args.output} for {reviewer.name}")
    return 0


def cmd_package_export(args: argparse.Namespace) -> int:
    from extractor.io.packages import export_package

    if args.update:
        from extractor.io.updates import export_update

        with open_project(args.project) as project:
            export_update(project, args.output)
        print(f"wrote {args.output} (studies, PDFs and forms for the reviewers' copies)")
        return 0
    with open_project(args.project) as project:
        sequence = export_package(project, args.reviewer, args.output)
    print(f"wrote {args.output} (package {sequence} of {args.reviewer})")
    return 0


def cmd_package_import(args: argparse.Namespace) -> int:
    from extractor.io.packages import import_package
    from extractor.io.updates import import_update, is_update

    with open_project(args.project) as project:
        for path in args.files:
            if is_update(path):
                update = import_update(project, path)
                print(
                    f"{path}: update: {update.studies} studies, {update.documents} PDFs, "
                    f"{update.forms} forms added or changed"
                )
                continue
            outcome = import_package(project, path)
            if outcome.applied:
                print(
                    f"{path}: {outcome.reviewer}, package {outcome.sequence}: "
                    f"{outcome.extractions} extractions, {outcome.changed_values} values changed"
                )
            else:
                print(
                    f"{path}: {outcome.reviewer}, package {outcome.sequence} was already imported; nothing changed"
                )
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    with open_project(args.project) as project, project.transaction() as repo:
        a, b = repo.reviewers.add(args.a_name), repo.reviewers.add(args.b_name)
        if args.study:
            found = [repo.studies.find(name) for name in args.study]
            missing = [name for name, study in zip(args.study, found, strict=True) if study is None]
            if missing:
                raise ExtractorError(
                    f"no study {', '.join(repr(m) for m in missing)} in the project"
                )
            ids = [study.id for study in found if study is not None]
        else:
            ids = [study.id for study in repo.studies.list()]
        repo.conflicts.assign(ids, a, b)
    print(f"{len(ids)} studies assigned to {a.name} and {b.name}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    with open_project(args.project) as project, project.transaction() as repo:
        found = repo.conflicts.list(args.a_name, args.b_name)
    if args.json:
        rows = [
            {"study": c.study.label, "form": c.form, "field": c.conflict.path,
             "a": c.conflict.a, "b": c.conflict.b, "resolved": c.resolved,
             "reviewer_a": c.a.name, "reviewer_b": c.b.name}
            | ({"result": c.result} if c.result else {})
            for c in found
        ]  # fmt: skip
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not found:
        print("no disagreements")
        return 0
    for c in found:
        mark = "resolved" if c.resolved else "open"
        print(f"{c.study.label} | {c.form} | {c.conflict.path} | {c.a.name}: {shown(c.conflict.a)}"
              f" | {c.b.name}: {shown(c.conflict.b)} | {mark}")  # fmt: skip
    open_count = sum(not c.resolved for c in found)
    print(f"{open_count} open of {len(found)} disagreements")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    value = None
    if args.value_json is not None:
        try:
            value = json.loads(args.value_json)
        except json.JSONDecodeError as exc:
            raise ExtractorError(f"--value-json is not valid JSON ({exc.msg})") from None
    with open_project(args.project) as project, project.transaction() as repo:
        by = repo.reviewers.add(args.by).id if args.by else None
        item = repo.conflicts.resolve(
            args.study, args.field, form_key=args.form_key, take=args.take, value=value,
            text=args.value, reason=args.reason, by=by, result=args.result,
        )  # fmt: skip
        remaining = repo.conflicts.count_open()
    print(f"{item.study.label}: {args.field} resolved; {remaining} disagreements still open")
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from extractor.io.agreement_files import agreement_csv, agreement_json

    with open_project(args.project) as project, project.transaction() as repo:
        fields = repo.conflicts.agreement(args.a_name, args.b_name)
        title = repo.overview.project().title
        pairs = {(p.a.name, p.b.name) for p in repo.conflicts.pairs(args.a_name, args.b_name)}
    if args.output is not None:
        from extractor.io.files import write_output

        suffix = args.output.suffix.lower()
        if suffix == ".csv":
            write_output(args.output, agreement_csv(fields))
        elif suffix == ".pdf":
            from extractor.reports.agreement_report import agreement_pdf

            names = (
                "; ".join(f"{a} and {b}" for a, b in sorted(pairs)) or "no pair of reviewers yet"
            )
            write_output(args.output, agreement_pdf(title, f"Reviewers: {names}", fields))
        else:
            raise ExtractorError(f"{args.output}: choose a file ending .csv or .pdf")
    if args.json:
        print(json.dumps(agreement_json(fields), ensure_ascii=False))
    elif args.output is None:
        for item in fields:
            stats = "".join(
                f"  {name} {value:.2f}" for name, value in (("kappa", item.kappa), ("AC1", item.ac1))
                if value is not None
            )  # fmt: skip
            percent = "-" if item.percent is None else f"{item.percent:.1f}%"
            print(f"{item.form}.{item.field}: {item.agreed}/{item.compared} ({percent}){stats}")
    return 0
