"""Dual screening: `extractor screen …`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from extractor.cli.common import open_project, report_left_out
from extractor.core.errors import UsageError
from extractor.core.screening import STAGE_NAMES, STAGES, decision_of, stage_of
from extractor.core.words import counted


def _stage(text: str) -> str:
    try:
        return stage_of(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _decision(text: str) -> str:
    try:
        return decision_of(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


STAGE_HELP = "title-abstract (ta) or full-text (ft)"


def add_commands(commands: Any) -> None:
    screen = commands.add_parser(
        "screen", help="dual screening of references: decisions, conflicts, agreement"
    )
    actions = screen.add_subparsers(title="actions", metavar="ACTION")

    status = actions.add_parser("status", help="where screening stands, per stage")
    status.add_argument("project", type=Path)
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_status)

    listing = actions.add_parser("list", help="the records with the team's verdict per stage")
    listing.add_argument("project", type=Path)
    listing.add_argument("--stage", type=_stage, help=STAGE_HELP)
    listing.add_argument(
        "--state", choices=("awaiting", "conflict", "included", "excluded"), help="only these"
    )
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    decide = actions.add_parser("decide", help="a reviewer's decision on references")
    decide.add_argument("project", type=Path)
    decide.add_argument("references", nargs="+", metavar="REFERENCE", help="label, DOI or PMID")
    decide.add_argument("--reviewer", required=True)
    decide.add_argument("--stage", type=_stage, required=True, help=STAGE_HELP)
    decide.add_argument("--decision", type=_decision, required=True, help="include, exclude, maybe")
    decide.add_argument("--reason", default="", help="why excluded (needed at full text)")
    decide.set_defaults(handler=cmd_decide)

    imported = actions.add_parser("import", help="decisions from CSV (columns in docs/cli.md)")
    imported.add_argument("project", type=Path)
    imported.add_argument("file", type=Path)
    imported.add_argument(
        "--reviewer", help="whose decisions, when the file has no reviewer column"
    )
    imported.add_argument("--stage", type=_stage, help="the stage, when the file has no column")
    imported.set_defaults(handler=cmd_import)

    exported = actions.add_parser("export", help="the log of every decision, as CSV")
    exported.add_argument("project", type=Path)
    exported.add_argument("-o", "--output", type=Path, required=True)
    exported.set_defaults(handler=cmd_export)

    conflicts = actions.add_parser("conflicts", help="records the reviewers disagree on")
    conflicts.add_argument("project", type=Path)
    conflicts.add_argument("--stage", type=_stage, help=STAGE_HELP)
    conflicts.add_argument("--json", action="store_true")
    conflicts.set_defaults(handler=cmd_conflicts)

    resolve = actions.add_parser("resolve", help="the team's decision on a record")
    resolve.add_argument("project", type=Path)
    resolve.add_argument("reference", help="label, DOI or PMID")
    resolve.add_argument("--stage", type=_stage, required=True, help=STAGE_HELP)
    resolve.add_argument("--decision", type=_decision, required=True)
    resolve.add_argument("--reason", default="")
    resolve.set_defaults(handler=cmd_resolve)

    agreement = actions.add_parser("agreement", help="kappa and AC1 per stage")
    agreement.add_argument("project", type=Path)
    agreement.add_argument("--a", dest="a_name", metavar="NAME")
    agreement.add_argument("--b", dest="b_name", metavar="NAME")
    agreement.add_argument("--json", action="store_true")
    agreement.set_defaults(handler=cmd_agreement)

    reasons = actions.add_parser("reasons", help="the full-text exclusion reasons")
    reasons.add_argument("project", type=Path)
    reasons.add_argument("--set", nargs="+", metavar="REASON", help="replace the list")
    reasons.set_defaults(handler=cmd_reasons)

    retrieval = actions.add_parser("retrieval", help="whether a full text could be retrieved")
    retrieval.add_argument("project", type=Path)
    retrieval.add_argument("reference")
    which = retrieval.add_mutually_exclusive_group(required=True)
    which.add_argument("--not-retrieved", action="store_true")
    which.add_argument("--retrieved", action="store_true")
    retrieval.set_defaults(handler=cmd_retrieval)


def cmd_status(args: argparse.Namespace) -> int:
    from extractor.app.screening import board

    with open_project(args.project) as project:
        found = board(project)
    summary = {stage: found.summary(stage) for stage in STAGES}
    if args.json:
        print(json.dumps(summary))
        return 0
    for stage, counts in summary.items():
        print(
            f"{STAGE_NAMES[stage]}: {counted(counts['records'], 'record')};"
            f" {counts['included']} included, {counts['excluded']} excluded,"
            f" {counts['conflicts']} in conflict, {counts['awaiting']} awaiting decisions"
        )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from extractor.app.screening import board

    with open_project(args.project) as project:
        found = board(project)
    rows = []
    for item in found.items:
        row: dict[str, Any] = {"reference": item.label, "title": item.stored.reference.title}
        for stage, verdict in (
            ("title-abstract", item.screened.title_abstract),
            ("full-text", item.screened.full_text),
        ):
            row[stage] = None if verdict is None else verdict.state.value
            if verdict is not None and verdict.reason:
                row[f"{stage} reason"] = verdict.reason
        row["study"] = found.studies.get(item.stored.study_id or "")
        wanted = args.stage or "title-abstract"
        if args.state and row.get(wanted) != args.state:
            continue
        if args.stage and row.get(args.stage) is None:
            continue
        rows.append(row)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        full = row["full-text"] or "-"
        reason = f" ({row['full-text reason']})" if row.get("full-text reason") else ""
        study = f" | study {row['study']}" if row["study"] else ""
        print(f"{row['reference']} | {row['title-abstract']} | {full}{reason}{study}")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from extractor.app.screening import decide

    with open_project(args.project) as project:
        lines = decide(
            project, args.references, args.reviewer, args.stage, args.decision, args.reason
        )
    print("\n".join(lines))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from extractor.app.screening_log import import_decisions

    with open_project(args.project) as project:
        lines = import_decisions(project, args.file, args.reviewer, args.stage)
    print("\n".join(lines))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from extractor.app.screening_log import export_log

    with open_project(args.project) as project:
        written = export_log(project, args.output)
    print(f"{counted(written, 'decision')} written to {args.output}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from extractor.app.screening import disagreements

    with open_project(args.project) as project:
        found = disagreements(project, args.stage)
    if args.json:
        rows = [
            {
                "reference": d.label,
                "title": d.title,
                "stage": d.stage,
                "decisions": [
                    {"reviewer": name, "decision": decision, "reason": reason}
                    for name, decision, reason in d.decisions
                ],
                "why": d.why,
                "resolved": d.resolved,
            }
            for d in found
        ]
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not found:
        print("no disagreements")
        return 0
    for d in found:
        made = "; ".join(
            f"{name}: {decision}" + (f" ({reason})" if reason else "")
            for name, decision, reason in d.decisions
        )
        mark = "resolved" if d.resolved else "open"
        print(f"{d.label} | {d.stage} | {made} | {mark}")
    open_count = sum(not d.resolved for d in found)
    print(f"{open_count} open of {counted(len(found), 'disagreement')}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from extractor.app.screening import resolve

    with open_project(args.project) as project:
        lines = resolve(project, args.reference, args.stage, args.decision, args.reason)
    print("\n".join(lines))
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from extractor.app.screening import agreement

    if bool(args.a_name) != bool(args.b_name):
        raise UsageError("name both reviewers (--a and --b), or neither")
    with open_project(args.project) as project:
        a, b, stages = agreement(project, args.a_name, args.b_name)
    if args.json:
        rows = [
            {
                "stage": s.stage,
                "compared": s.compared,
                "agreed": s.agreed,
                "percent": s.percent,
                "kappa": s.kappa,
                "ac1": s.ac1,
            }
            for s in stages
        ]
        print(json.dumps({"a": a.name, "b": b.name, "stages": rows}))
        return 0
    print(f"{a.name} and {b.name}")
    for s in stages:
        kappa = "-" if s.kappa is None else f"{s.kappa:.2f}"
        ac1 = "-" if s.ac1 is None else f"{s.ac1:.2f}"
        percent = "-" if s.percent is None else f"{s.percent:.1f}%"
        print(
            f"{STAGE_NAMES[s.stage]}: {s.agreed} of {counted(s.compared, 'record')} agreed"
            f" ({percent}); kappa {kappa}, AC1 {ac1}"
        )
    return 0


def cmd_reasons(args: argparse.Namespace) -> int:
    from extractor.app.screening import reasons, set_reasons

    with open_project(args.project) as project:
        listed = set_reasons(project, args.set) if args.set else reasons(project)
    print("\n".join(listed))
    return 0


def cmd_retrieval(args: argparse.Namespace) -> int:
    from extractor.app.screening import set_retrieval

    with open_project(args.project) as project:
        print(set_retrieval(project, args.reference, args.not_retrieved))
    return 0


def add_full_text_command(imports: Any) -> None:
    full = imports.add_parser(
        "fulltexts", help="full texts for screening, matched to references by DOI, title, name"
    )
    full.add_argument("project", type=Path)
    full.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="PDFs or folders")
    full.add_argument("--reference", help="every file is this reference's (label, DOI or PMID)")
    full.add_argument("--password", help="opens protected files ('-': from standard input)")
    full.set_defaults(handler=cmd_import_full_texts)


def cmd_import_full_texts(args: argparse.Namespace) -> int:
    import sys

    from extractor.app.full_texts import import_full_texts

    password = sys.stdin.readline().rstrip("\r\n") if args.password == "-" else args.password
    with open_project(args.project) as project:
        outcome = import_full_texts(project, args.paths, args.reference, password)
    for line in outcome.kept():
        print(line)
    return report_left_out(outcome.left_out(), "kept")


def add_search_command(commands: Any) -> None:
    found = commands.add_parser("search", help="the full text of every attached PDF")
    found.add_argument("project", type=Path)
    found.add_argument(
        "query", help='words, "a phrase", prefix*, AND, OR, NOT, NEAR(a b, 5); accents ignored'
    )
    found.add_argument("--limit", type=int, default=500, help="at most this many pages")
    found.add_argument("--json", action="store_true")
    found.set_defaults(handler=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    import sys

    from extractor.app.search import search, update_index

    with open_project(args.project) as project:
        updated = update_index(project)
        if updated.indexed or updated.dropped or updated.unreadable:
            print(updated.line(), file=sys.stderr)
        hits = search(project, args.query, args.limit)
    if args.json:
        rows = [
            {
                "study": hit.study,
                "file": hit.filename,
                "page": hit.page,
                "snippet": hit.marked(),
                "terms": hit.terms,
            }
            for hit in hits
        ]
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for hit in hits:
        print(f"{hit.study} | {hit.filename} | p. {hit.page} | {hit.marked()}")
    print(f"{counted(len(hits), 'page')} found")
    return 0


def add_ocr_command(commands: Any) -> None:
    ocr = commands.add_parser(
        "ocr", help="read the scanned pages of PDFs by OCR (Tesseract), once, into the PDF"
    )
    ocr.add_argument("project", type=Path)
    ocr.add_argument("study", nargs="?", help="only this study's PDFs (default: every study's)")
    ocr.add_argument("--language", default="eng", help="Tesseract's language code (eng, deu…)")
    ocr.add_argument(
        "--list", action="store_true", help="only list the PDFs with pages without text"
    )
    ocr.set_defaults(handler=cmd_ocr)


def cmd_ocr(args: argparse.Namespace) -> int:
    from extractor.app.ocr import read_by_ocr, scanned

    with open_project(args.project) as project:
        found = scanned(project, args.study)
        if not found:
            print("every page of every PDF has text: nothing to read by OCR")
            return 0
        for item in found:
            pages = ", ".join(str(p) for p in item.pages)
            if args.list:
                print(f"{item.study} | {item.filename}: no text on p. {pages}")
            else:
                print(read_by_ocr(project, item.document_id, args.language).line())
    return 0
