"""The `extractor` command: the desktop app, and every file-producing action.

Exit status: 0 success; 1 a problem with the user's input or files (stderr
names the file, the line or record, and the problem); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from extractor import __version__
from extractor.cli.outcome_commands import add_commands as add_outcome_commands
from extractor.cli.output_commands import (
    cmd_export_all,
    cmd_export_evidence,
    cmd_export_prisma,
    cmd_export_rob,
    cmd_export_synthesis,
    cmd_export_tables,
    cmd_import_prisma,
    cmd_import_rob,
    cmd_rob_add,
    cmd_rob_summary,
)
from extractor.cli.project_commands import (
    cmd_audit_verify,
    cmd_backups,
    cmd_copy,
    cmd_demo,
    cmd_export_data,
    cmd_form_export,
    cmd_form_freeze,
    cmd_form_import,
    cmd_form_pilot,
    cmd_form_versions,
    cmd_import_extractions,
    cmd_import_pdfs,
    cmd_import_studies,
    cmd_info,
    cmd_new,
    cmd_study_add,
    cmd_study_detach,
    cmd_study_edit,
    cmd_study_remove,
    cmd_study_replace,
)
from extractor.cli.reference_commands import add_commands as add_reference_commands
from extractor.cli.review_commands import (
    cmd_agreement,
    cmd_assign,
    cmd_conflicts,
    cmd_history,
    cmd_package_export,
    cmd_package_import,
    cmd_resolve,
    cmd_share,
)
from extractor.cli.screening_commands import add_commands as add_screening_commands
from extractor.cli.screening_commands import (
    add_full_text_command,
    add_ocr_command,
    add_search_command,
)
from extractor.command_names import COMMANDS
from extractor.core.errors import ExtractorError, UsageError
from extractor.core.model import Status
from extractor.core.rob import TOOLS

__all__ = ["COMMANDS", "build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


FINAL_HELP = (
    "write nothing and exit 1 unless the outputs are complete: no open conflict, no field "
    "not extracted, no study without risk of bias"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the error types map to the exit status (1 input or files,
    2 usage), and their messages go to stderr as they are."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    namespace = parser.parse_args(args)
    handler: Handler | None = getattr(namespace, "handler", None)
    if handler is None:
        parser.print_usage(sys.stderr)
        return 2
    try:
        return handler(namespace)
    except UsageError as error:
        print(f"extractor: {error}", file=sys.stderr)
        return 2
    except ExtractorError as error:
        print(f"extractor: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`extractor conflicts … | head`): stop quietly, and
        # keep Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Data extraction for systematic reviews. "
        "With only a PROJECT (or nothing), opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    parser.add_argument(
        "--verbose", action="store_true", help="log what happens to the terminal as well"
    )
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

    copy = commands.add_parser("copy", help="a copy of the whole project, as it is now")
    copy.add_argument("project", type=Path)
    copy.add_argument("-o", "--out", type=Path, required=True, help="the new file")
    copy.set_defaults(handler=cmd_copy)

    info = commands.add_parser("info", help="summarise a project")
    info.add_argument("project", type=Path)
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=cmd_info)

    audit = commands.add_parser("audit", help="the project's audit log")
    audit_commands = audit.add_subparsers(metavar="ACTION")
    audit_verify = audit_commands.add_parser("verify", help="check that no event was altered")
    audit_verify.add_argument("project", type=Path)
    audit_verify.set_defaults(handler=cmd_audit_verify)

    backup = commands.add_parser("backups", help="list a project's backups, or restore one")
    backup.add_argument("project", type=Path)
    backup.add_argument("--restore", type=int, metavar="N", help="the backup numbered N")
    backup.add_argument("-o", "--output", type=Path, help="the new project to restore into")
    backup.set_defaults(handler=cmd_backups)

    form = commands.add_parser("form", help="import or export a form definition")
    form_commands = form.add_subparsers(metavar="ACTION")
    form_import = form_commands.add_parser(
        "import", help="add a form, or make a changed one the form's new version"
    )
    form_import.add_argument("project", type=Path)
    form_import.add_argument("file", type=Path)
    form_import.add_argument("--dry-run", action="store_true", help="only print what would change")
    form_import.add_argument(
        "--yes", action="store_true", help="remove the answers the new version cannot hold"
    )
    form_import.set_defaults(handler=cmd_form_import)
    form_export = form_commands.add_parser(
        "export", help="write a form as JSON, or as a readable PDF (-o FORM.pdf)"
    )
    form_export.add_argument("project", type=Path)
    form_export.add_argument("key")
    form_export.add_argument("-o", "--output", type=Path, required=True)
    form_export.add_argument("--version", type=int, help="a version the form had before")
    form_export.set_defaults(handler=cmd_form_export)
    pilot = form_commands.add_parser(
        "pilot",
        help="put a form in pilot on the first studies, or show the pilot side by side",
    )
    pilot.add_argument("project", type=Path)
    pilot.add_argument("key")
    pilot.add_argument("--studies", type=int, metavar="N", help="pilot on the first N studies")
    pilot.add_argument(
        "--study", action="append", default=[], help="pilot on this study (repeat for more)"
    )
    pilot.add_argument("--json", action="store_true")
    pilot.set_defaults(handler=cmd_form_pilot)
    freeze = form_commands.add_parser("freeze", help="end a form's pilot: its version stands")
    freeze.add_argument("project", type=Path)
    freeze.add_argument("key")
    freeze.set_defaults(handler=cmd_form_freeze)
    form_versions = form_commands.add_parser(
        "versions", help="the versions a form has had, and the data each kept"
    )
    form_versions.add_argument("project", type=Path)
    form_versions.add_argument("key")
    form_versions.add_argument("--json", action="store_true")
    form_versions.set_defaults(handler=cmd_form_versions)

    study = commands.add_parser(
        "study", help="add, edit or remove a study; replace or detach a PDF"
    )
    study_commands = study.add_subparsers(metavar="ACTION")
    for action, helped in (("add", "a new study"), ("edit", "new details of a study")):
        made = study_commands.add_parser(action, help=helped)
        made.add_argument("project", type=Path)
        if action == "edit":
            made.add_argument("study", help="its label or reference number")
        made.add_argument("--label", required=action == "add")
        for name in ("ref", "authors", "title", "journal", "doi", "pmid"):
            made.add_argument(f"--{name}")
        made.add_argument("--year", type=int)
        made.set_defaults(handler=cmd_study_edit if action == "edit" else cmd_study_add)
    remove = study_commands.add_parser(
        "remove", help="remove a study and all it holds (says what, and asks for --yes)"
    )
    remove.add_argument("project", type=Path)
    remove.add_argument("study")
    remove.add_argument("--yes", action="store_true", help="delete what it holds, as listed")
    remove.set_defaults(handler=cmd_study_remove)
    detach = study_commands.add_parser("detach", help="take a PDF from a study")
    detach.add_argument("project", type=Path)
    detach.add_argument("study")
    detach.add_argument("filename")
    detach.add_argument("--yes", action="store_true", help="delete its quotes too")
    detach.set_defaults(handler=cmd_study_detach)
    replace = study_commands.add_parser(
        "replace", help="put another version of a PDF in its place, its quotes found again"
    )
    replace.add_argument("project", type=Path)
    replace.add_argument("study")
    replace.add_argument("filename", help="the PDF attached now")
    replace.add_argument("new", type=Path, metavar="NEW.pdf")
    replace.add_argument("--password", help="opens a protected file ('-': from standard input)")
    replace.add_argument(
        "--yes", action="store_true", help="delete the quotes the new file does not hold"
    )
    replace.set_defaults(handler=cmd_study_replace)

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
    pdfs.add_argument(
        "--password",
        metavar="PW",
        help="opens the files protected by a password ('-' reads it from standard input); "
        "they are kept without it, so every reviewer's copy opens them",
    )
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

    history = commands.add_parser("history", help="who set which value, when, from where")
    history.add_argument("project", type=Path)
    history.add_argument("--study", help="a study's label or reference")
    history.add_argument("--field", help="a field's key or path, such as arms[2].patients")
    history.add_argument("--reviewer", help="changes by this reviewer only")
    history.add_argument("--json", action="store_true")
    history.set_defaults(handler=cmd_history)

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
    agreement.add_argument("--final", action="store_true", help=FINAL_HELP)
    agreement.set_defaults(handler=cmd_agreement)

    exports = commands.add_parser("export", help="write outputs")
    export_commands = exports.add_subparsers(metavar="WHAT")
    everything = export_commands.add_parser("all", help="every output into one folder")
    everything.add_argument("project", type=Path)
    everything.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    everything.add_argument("--source", help="consensus or a reviewer's name")
    everything.add_argument("--final", action="store_true", help=FINAL_HELP)
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
    rob_out.add_argument("--final", action="store_true", help=FINAL_HELP)
    rob_out.set_defaults(handler=cmd_export_rob)
    prisma_out = export_commands.add_parser("prisma", help="PRISMA 2020 flow diagram or counts")
    prisma_out.add_argument("project", type=Path)
    prisma_out.add_argument("-o", "--output", type=Path, required=True)
    prisma_out.add_argument("--final", action="store_true", help=FINAL_HELP)
    prisma_out.set_defaults(handler=cmd_export_prisma)
    tables = export_commands.add_parser("tables", help="characteristics tables, .pdf or .docx")
    tables.add_argument("project", type=Path)
    tables.add_argument("-o", "--output", type=Path, required=True)
    tables.add_argument("--fields", help="K1,K2,...: the columns, in order")
    tables.add_argument("--group-by", help="a field that splits the studies into tables")
    tables.add_argument(
        "--caption",
        action="append",
        default=[],
        metavar="VALUE=TEXT",
        help="the caption of the table of one value of --group-by",
    )
    tables.add_argument("--page-size", choices=["A4", "Letter"])
    tables.add_argument("--source", help="consensus or a reviewer's name")
    tables.add_argument("--form", dest="form_key")
    tables.add_argument("--final", action="store_true", help=FINAL_HELP)
    tables.set_defaults(handler=cmd_export_tables)
    synthesis = export_commands.add_parser("synthesis", help="studies grouped, sums per arm")
    synthesis.add_argument("project", type=Path)
    synthesis.add_argument("--by", required=True, help="KEY[,KEY]: e.g. category,arms.agent")
    synthesis.add_argument("-o", "--output", type=Path, required=True)
    synthesis.add_argument("--source", help="consensus or a reviewer's name")
    synthesis.add_argument("--form", dest="form_key")
    synthesis.add_argument("--final", action="store_true", help=FINAL_HELP)
    synthesis.set_defaults(handler=cmd_export_synthesis)
    data = export_commands.add_parser("data", help="every answer as .xlsx, .csv or .json")
    data.add_argument("project", type=Path)
    data.add_argument("-o", "--output", type=Path, required=True)
    data.add_argument("--source", help="consensus, a reviewer's name, or all")
    data.add_argument("--form", dest="form_key")
    data.add_argument("--group", dest="group_key", help="the group a CSV carries")
    data.add_argument(
        "--version", type=int, help="the answers a replaced version of --form held (.json)"
    )
    data.add_argument("--final", action="store_true", help=FINAL_HELP)
    data.set_defaults(handler=cmd_export_data)
    evidence = export_commands.add_parser(
        "evidence", help="every value with its quotes, pages and reviewers (.pdf)"
    )
    evidence.add_argument("project", type=Path)
    evidence.add_argument("-o", "--output", type=Path, required=True)
    evidence.add_argument("--source", help="consensus or a reviewer's name")
    evidence.add_argument("--final", action="store_true", help=FINAL_HELP)
    evidence.set_defaults(handler=cmd_export_evidence)
    add_outcome_commands(commands, import_commands, export_commands)
    add_reference_commands(commands, import_commands)
    add_screening_commands(commands)
    add_search_command(commands)
    add_full_text_command(import_commands)
    add_ocr_command(commands)
    return parser
