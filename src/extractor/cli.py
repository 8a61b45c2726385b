"""The `extractor` command: the desktop app, and every file-producing action.

Exit status: 0 success; 1 a problem with the user's input or files (stderr
names the file, the line or record, and the problem); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from extractor import __version__
from extractor.core.errors import ExtractorError
from extractor.core.forms import load_form_json
from extractor.core.model import Status
from extractor.core.rob import TOOLS
from extractor.resources import resource

Handler = Callable[[argparse.Namespace], int]
COMMANDS = (
    "new", "demo", "info", "form", "import", "export", "conflicts", "resolve", "agreement",
    "share", "package", "assign", "rob",
)  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and not args[0].startswith("-")):
        return _open_app(args)
    parser = build_parser()
    namespace = parser.parse_args(args)
    handler: Handler | None = getattr(namespace, "handler", None)
    if handler is None:
        parser.print_usage(sys.stderr)
        return 2
    try:
        return handler(namespace)
    except ExtractorError as error:
        print(f"extractor: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _open_app(args: list[str]) -> int:
    if len(args) > 1:
        print("usage: extractor [PROJECT]", file=sys.stderr)
        return 2
    from extractor.gui.app import run  # Qt only loads when a window is wanted

    return run(Path(args[0]) if args else None)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Data extraction for systematic reviews. "
        "With only a PROJECT (or nothing), opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    new = commands.add_parser("new", help="create a project")
    new.add_argument("project", type=Path)
    new.add_argument("--title", required=True)
    new.add_argument("--question", default="", help="the review question")
    new.add_argument(
        "--form",
        type=Path,
        action="append",
        default=[],
        help="a form JSON file (default: the built-in Study characteristics form)",
    )
    new.set_defaults(handler=cmd_new)

    demo = commands.add_parser("demo", help="write the demo project")
    demo.add_argument("project", type=Path)
    demo.set_defaults(handler=cmd_demo)

    info = commands.add_parser("info", help="summarise a project")
    info.add_argument("project", type=Path)
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=cmd_info)

    form = commands.add_parser("form", help="import or export a form definition")
    form_commands = form.add_subparsers(metavar="ACTION")
    form_import = form_commands.add_parser("import", help="add or update a form")
    form_import.add_argument("project", type=Path)
    form_import.add_argument("file", type=Path)
    form_import.set_defaults(handler=cmd_form_import)
    form_export = form_commands.add_parser("export", help="write a form as JSON")
    form_export.add_argument("project", type=Path)
    form_export.add_argument("key")
    form_export.add_argument("-o", "--output", type=Path, required=True)
    form_export.set_defaults(handler=cmd_form_export)

    imports = commands.add_parser("import", help="import studies or extractions")
    import_commands = imports.add_subparsers(metavar="WHAT")
    studies = import_commands.add_parser("studies", help="study records from a CSV")
    studies.add_argument("project", type=Path)
    studies.add_argument("file", type=Path)
    studies.set_defaults(handler=cmd_import_studies)
    pdfs = import_commands.add_parser(
        "pdfs", help="full-text PDFs, matched to studies by file name (or --study)"
    )
    pdfs.add_argument("project", type=Path)
    pdfs.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="files or folders")
    pdfs.add_argument("--study", help="attach every file to this study (label or reference)")
    pdfs.set_defaults(handler=cmd_import_pdfs)
    rob_in = import_commands.add_parser("rob", help="risk-of-bias judgements (robvis CSV)")
    rob_in.add_argument("project", type=Path)
    rob_in.add_argument("file", type=Path)
    rob_in.add_argument("--tool", required=True, choices=list(TOOLS))
    rob_in.add_argument("--reviewer", required=True)
    rob_in.set_defaults(handler=cmd_import_rob)
    prisma_in = import_commands.add_parser("prisma", help="PRISMA counts (PRISMA2020 template CSV)")
    prisma_in.add_argument("project", type=Path)
    prisma_in.add_argument("file", type=Path)
    prisma_in.set_defaults(handler=cmd_import_prisma)
    extractions = import_commands.add_parser("extractions", help="answers from a CSV")
    extractions.add_argument("project", type=Path)
    extractions.add_argument("file", type=Path)
    extractions.add_argument("--reviewer", required=True)
    extractions.add_argument("--form", dest="form_key")
    extractions.add_argument(
        "--status",
        choices=[status.value for status in Status],
        help="set the status of every extraction in the file",
    )
    extractions.set_defaults(handler=cmd_import_extractions)

    share = commands.add_parser("share", help="a copy for one reviewer, without others' answers")
    share.add_argument("project", type=Path)
    share.add_argument("--reviewer", required=True)
    share.add_argument("-o", "--output", type=Path, required=True)
    share.set_defaults(handler=cmd_share)

    package = commands.add_parser("package", help="reviewer packages")
    package_commands = package.add_subparsers(metavar="ACTION")
    package_export = package_commands.add_parser(
        "export", help="write a reviewer's package, or with --update the lead's studies and PDFs"
    )
    package_export.add_argument("project", type=Path)
    who = package_export.add_mutually_exclusive_group(required=True)
    who.add_argument("--reviewer", help="the reviewer whose answers the package carries")
    who.add_argument(
        "--update", action="store_true", help="studies, PDFs and forms for the reviewers' copies"
    )
    package_export.add_argument("-o", "--output", type=Path, required=True)
    package_export.set_defaults(handler=cmd_package_export)
    package_import = package_commands.add_parser("import", help="bring reviewers' answers in")
    package_import.add_argument("project", type=Path)
    package_import.add_argument("files", type=Path, nargs="+", metavar="FILE")
    package_import.set_defaults(handler=cmd_package_import)

    assign = commands.add_parser("assign", help="give studies to a pair of reviewers")
    assign.add_argument("project", type=Path)
    assign.add_argument("--a", dest="a_name", metavar="NAME", required=True)
    assign.add_argument("--b", dest="b_name", metavar="NAME", required=True)
    assign.add_argument(
        "--study", action="append", default=[], help="label or reference (default: every study)"
    )
    assign.set_defaults(handler=cmd_assign)

    rob = commands.add_parser("rob", help="risk of bias")
    rob_commands = rob.add_subparsers(metavar="ACTION")
    rob_add = rob_commands.add_parser("add", help="add a built-in risk-of-bias instrument")
    rob_add.add_argument("project", type=Path)
    rob_add.add_argument("--tool", required=True, choices=list(TOOLS))
    rob_add.set_defaults(handler=cmd_rob_add)
    rob_summary = rob_commands.add_parser("summary", help="the shares the summary plot draws")
    rob_summary.add_argument("project", type=Path)
    rob_summary.add_argument("--tool", choices=list(TOOLS))
    rob_summary.add_argument("--weighted", action="store_true")
    rob_summary.add_argument("--json", action="store_true")
    rob_summary.add_argument("--source", help="consensus or a reviewer's name")
    rob_summary.set_defaults(handler=cmd_rob_summary)

    conflicts = commands.add_parser("conflicts", help="where two reviewers disagree")
    conflicts.add_argument("project", type=Path)
    conflicts.add_argument("--json", action="store_true")
    conflicts.add_argument("--a", dest="a_name", metavar="NAME", help="reviewer A of the pair")
    conflicts.add_argument("--b", dest="b_name", metavar="NAME", help="reviewer B of the pair")
    conflicts.set_defaults(handler=cmd_conflicts)

    resolve = commands.add_parser("resolve", help="decide a disagreement for the consensus")
    resolve.add_argument("project", type=Path)
    resolve.add_argument("--study", required=True, help="label or reference number")
    resolve.add_argument("--field", required=True, help="a path as `conflicts` shows it")
    resolve.add_argument("--form", dest="form_key")
    resolve.add_argument("--result", help="the result assessed (tools that judge a result)")
    decision = resolve.add_mutually_exclusive_group(required=True)
    decision.add_argument("--take", choices=["A", "B", "a", "b"])
    decision.add_argument("--value", help="the value, written as in the CSV layout")
    decision.add_argument("--value-json", help="the value as JSON (a row as an object)")
    resolve.add_argument("--reason", default="")
    resolve.add_argument("--by", help="the reviewer who decides (added if new)")
    resolve.set_defaults(handler=cmd_resolve)

    agreement = commands.add_parser("agreement", help="agreement statistics per field")
    agreement.add_argument("project", type=Path)
    agreement.add_argument("--json", action="store_true")
    agreement.add_argument("-o", "--output", type=Path, help="write a .csv or .pdf file")
    agreement.add_argument("--a", dest="a_name", metavar="NAME")
    agreement.add_argument("--b", dest="b_name", metavar="NAME")
    agreement.set_defaults(handler=cmd_agreement)

    exports = commands.add_parser("export", help="write outputs")
    export_commands = exports.add_subparsers(metavar="WHAT")
    everything = export_commands.add_parser("all", help="every output into one folder")
    everything.add_argument("project", type=Path)
    everything.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    everything.add_argument("--source", help="consensus or a reviewer's name")
    everything.set_defaults(handler=cmd_export_all)
    rob_out = export_commands.add_parser(
        "rob", help="risk-of-bias figures (.pdf, .png, .tiff) or robvis CSV (.csv)"
    )
    rob_out.add_argument("project", type=Path)
    rob_out.add_argument("-o", "--output", type=Path, required=True)
    rob_out.add_argument("--tool", choices=list(TOOLS))
    rob_out.add_argument("--weighted", action="store_true")
    rob_out.add_argument(
        "--palette",
        choices=["cochrane", "colourblind"],
        help="default: the last one used, else cochrane",
    )
    rob_out.add_argument("--source", help="consensus or a reviewer's name")
    rob_out.set_defaults(handler=cmd_export_rob)
    prisma_out = export_commands.add_parser("prisma", help="PRISMA 2020 flow diagram or counts")
    prisma_out.add_argument("project", type=Path)
    prisma_out.add_argument("-o", "--output", type=Path, required=True)
    prisma_out.set_defaults(handler=cmd_export_prisma)
    tables = export_commands.add_parser("tables", help="characteristics tables, .pdf or .docx")
    tables.add_argument("project", type=Path)
    tables.add_argument("-o", "--output", type=Path, required=True)
    tables.add_argument("--fields", help="K1,K2,...: the columns, in order")
    tables.add_argument("--group-by", help="a field that splits the studies into tables")
    tables.add_argument(
        "--caption", action="append", default=[], metavar="VALUE=TEXT",
        help="the caption of the table of one value of --group-by",
    )  # fmt: skip
    tables.add_argument("--page-size", choices=["A4", "Letter"])
    tables.add_argument("--source", help="consensus or a reviewer's name")
    tables.add_argument("--form", dest="form_key")
    tables.set_defaults(handler=cmd_export_tables)
    synthesis = export_commands.add_parser("synthesis", help="studies grouped, sums per arm")
    synthesis.add_argument("project", type=Path)
    synthesis.add_argument("--by", required=True, help="KEY[,KEY]: e.g. category,arms.agent")
    synthesis.add_argument("-o", "--output", type=Path, required=True)
    synthesis.add_argument("--source", help="consensus or a reviewer's name")
    synthesis.add_argument("--form", dest="form_key")
    synthesis.set_defaults(handler=cmd_export_synthesis)
    data = export_commands.add_parser("data", help="every answer as .xlsx, .csv or .json")
    data.add_argument("project", type=Path)
    data.add_argument("-o", "--output", type=Path, required=True)
    data.add_argument("--source", help="consensus, a reviewer's name, or all")
    data.add_argument("--form", dest="form_key")
    data.add_argument("--group", dest="group_key", help="the group a CSV carries")
    data.set_defaults(handler=cmd_export_data)
    return parser


def _open(path: Path):
    from extractor.store.project import ProjectFile

    return ProjectFile.open(path)


def cmd_new(args: argparse.Namespace) -> int:
    from extractor.store.project import ProjectFile

    paths = args.form or [resource("forms", "study_characteristics.json")]
    forms = [load_form_json(_read_text(path), str(path)) for path in paths]
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
    with _open(args.project) as project, project.transaction() as repo:
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
    form = load_form_json(_read_text(args.file), str(args.file))
    with _open(args.project) as project, project.transaction() as repo:
        created = repo.forms.save(form)
    print(f"{'added' if created else 'updated'} form '{form.key}' ({form.name})")
    return 0


def cmd_form_export(args: argparse.Namespace) -> int:
    with _open(args.project) as project, project.transaction() as repo:
        form = repo.forms.get(args.key)
        known = [f.key for f in repo.forms.list()]
    if form is None:
        raise ExtractorError(f"the project has no form '{args.key}' (forms: {', '.join(known)})")
    from extractor.io.files import write_output

    write_output(args.output, form.to_json())
    return 0


def cmd_import_studies(args: argparse.Namespace) -> int:
    from extractor.io.studies_csv import import_studies

    with _open(args.project) as project:
        outcome = import_studies(project, args.file)
    if outcome.ignored_columns:
        print(f"{args.file}: ignored columns {', '.join(outcome.ignored_columns)}", file=sys.stderr)
    print(f"{outcome.added} studies added, {outcome.updated} updated")
    return 0


def cmd_import_pdfs(args: argparse.Namespace) -> int:
    from extractor.io.pdf_import import import_pdfs

    with _open(args.project) as project:
        attached = import_pdfs(project, args.paths, args.study)
    for item in attached:
        print(f"{item.study}: {item.filename} ({item.pages} pages)")
    return 0


def cmd_import_extractions(args: argparse.Namespace) -> int:
    from extractor.io.extraction_import import import_extractions

    with _open(args.project) as project:
        status = Status(args.status) if args.status else None
        outcome = import_extractions(project, args.file, args.reviewer, args.form_key, status)
    studies = f"{outcome.studies} stud{'y' if outcome.studies == 1 else 'ies'}"
    print(
        f"{outcome.reviewer}: {studies} of form '{outcome.form}', "
        f"{outcome.changed_values} values changed"
    )
    return 0


def cmd_share(args: argparse.Namespace) -> int:
    from extractor.store.sharing import share

    with _open(args.project) as project:
        with project.transaction() as repo:
            reviewer = repo.reviewers.add(args.reviewer)
        share(project, reviewer, args.output)
    print(f"wrote {args.output} for {reviewer.name}")
    return 0


def cmd_package_export(args: argparse.Namespace) -> int:
    from extractor.io.packages import export_package

    if args.update:
        from extractor.io.updates import export_update

        with _open(args.project) as project:
            export_update(project, args.output)
        print(f"wrote {args.output} (studies, PDFs and forms for the reviewers' copies)")
        return 0
    with _open(args.project) as project:
        sequence = export_package(project, args.reviewer, args.output)
    print(f"wrote {args.output} (package {sequence} of {args.reviewer})")
    return 0


def cmd_package_import(args: argparse.Namespace) -> int:
    from extractor.io.packages import import_package
    from extractor.io.updates import import_update, is_update

    with _open(args.project) as project:
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
    with _open(args.project) as project, project.transaction() as repo:
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
    with _open(args.project) as project, project.transaction() as repo:
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
        print(f"{c.study.label} | {c.form} | {c.conflict.path} | {c.a.name}: {_show(c.conflict.a)}"
              f" | {c.b.name}: {_show(c.conflict.b)} | {mark}")  # fmt: skip
    open_count = sum(not c.resolved for c in found)
    print(f"{open_count} open of {len(found)} disagreements")
    return 0


def _show(value: object) -> str:
    if value is None:
        return "(empty)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def cmd_resolve(args: argparse.Namespace) -> int:
    value = None
    if args.value_json is not None:
        try:
            value = json.loads(args.value_json)
        except json.JSONDecodeError as exc:
            raise ExtractorError(f"--value-json is not valid JSON ({exc.msg})") from None
    with _open(args.project) as project, project.transaction() as repo:
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

    with _open(args.project) as project, project.transaction() as repo:
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


def cmd_import_rob(args: argparse.Namespace) -> int:
    from extractor.io.rob_data import import_robvis

    with _open(args.project) as project:
        count = import_robvis(project, args.file, args.tool, args.reviewer)
    print(f"{args.reviewer}: {args.tool} judgements of {count} assessments")
    return 0


def cmd_export_rob(args: argparse.Namespace) -> int:
    from extractor.io.rob_export import export_rob

    with _open(args.project) as project:
        with project.transaction() as repo:
            if args.palette:  # kept: the next "export all" draws with it too
                repo.settings.set("export.palette", args.palette)
            palette = repo.settings.get("export.palette") or "cochrane"
        written, warnings = export_rob(
            project, args.output, args.tool, args.weighted, palette, args.source
        )
    _warn(warnings)
    print("wrote " + ", ".join(str(path) for path in written))
    return 0


def cmd_rob_add(args: argparse.Namespace) -> int:
    from extractor.io.rob_data import instrument

    with _open(args.project) as project, project.transaction() as repo:
        added = instrument(repo, args.tool, add=True)
    print(f"{added.tool}: form '{added.form.key}' ({added.form.name})")
    return 0


def cmd_rob_summary(args: argparse.Namespace) -> int:
    from extractor.io.rob_data import summary

    with _open(args.project) as project:
        result = summary(project, args.tool, args.weighted, args.source)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{result['tool']}{' (weighted)' if result['weighted'] else ''}")
    for entry in result["domains"]:
        shares = ", ".join(f"{level} {share:g}%" for level, share in entry["shares"].items())
        print(f"{entry['domain']} {entry['title']}: {shares or 'no judgements'}")
    return 0


def cmd_import_prisma(args: argparse.Namespace) -> int:
    from extractor.io.prisma_files import import_prisma

    with _open(args.project) as project:
        found = import_prisma(project, args.file)
    _report_prisma(found)
    print(f"PRISMA counts read from {args.file}")
    return 0


def cmd_export_prisma(args: argparse.Namespace) -> int:
    from extractor.io.prisma_files import export_prisma

    with _open(args.project) as project:
        found = export_prisma(project, args.output)
    _report_prisma(found)
    print(f"wrote {args.output}")
    return 0


def _report_prisma(found: list[str]) -> None:
    for problem in found:
        print(f"extractor: PRISMA counts do not add up: {problem}", file=sys.stderr)


def cmd_export_all(args: argparse.Namespace) -> int:
    from extractor.io.export_all import export_all

    with _open(args.project) as project:
        warnings = export_all(project, args.output, args.source)
    _warn(warnings)
    print(f"wrote every output to {args.output} (see manifest.json)")
    return 0


def cmd_export_tables(args: argparse.Namespace) -> int:
    from extractor.io.tables_export import export_tables

    changes: dict[str, object] = {}
    if args.fields:
        changes["fields"] = [key.strip() for key in args.fields.split(",") if key.strip()]
    if args.group_by:
        changes["group_by"] = args.group_by
    if args.caption:
        captions = {}
        for item in args.caption:
            value, sep, text = item.partition("=")
            if not sep:
                raise ExtractorError(f"--caption '{item}' is not VALUE=TEXT")
            captions[value.strip()] = text.strip()
        changes["captions"] = captions
    if args.page_size:
        changes["page_size"] = args.page_size
    if args.form_key:
        changes["form"] = args.form_key
    with _open(args.project) as project:
        warnings = export_tables(project, args.output, args.source, changes)
    _warn(warnings)
    print(f"wrote {args.output}")
    return 0


def cmd_export_synthesis(args: argparse.Namespace) -> int:
    from extractor.io.synthesis_files import export_synthesis

    by = [key.strip() for key in args.by.split(",") if key.strip()]
    with _open(args.project) as project:
        warnings = export_synthesis(project, by, args.output, args.source, args.form_key)
        with project.transaction() as repo:  # the next "export all" groups the same way
            repo.settings.set("export.synthesis", {"by": by})
    _warn(warnings)
    print(f"wrote {args.output}")
    return 0


def cmd_export_data(args: argparse.Namespace) -> int:
    from extractor.io.data_export import export_data

    with _open(args.project) as project:
        warnings = export_data(project, args.output, args.source, args.form_key, args.group_key)
    _warn(warnings)
    print(f"wrote {args.output}")
    return 0


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"extractor: {warning}", file=sys.stderr)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExtractorError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ExtractorError(f"{path}: not UTF-8 text (at byte {exc.start})") from None
    except OSError as exc:
        raise ExtractorError(f"{path}: cannot be read ({exc.strerror})") from None
