"""Commands that write publication outputs: tables, synthesis, PRISMA, risk of bias, everything."""

from __future__ import annotations

import argparse
import json

from extractor.cli.common import open_project, report_prisma, warn
from extractor.core.errors import UsageError


def cmd_import_rob(args: argparse.Namespace) -> int:
    from extractor.app.rob import import_robvis

    with open_project(args.project) as project:
        count = import_robvis(project, args.file, args.tool, args.reviewer)
    print(f"{args.reviewer}: {args.tool} judgements of {count} assessments")
    return 0


def cmd_export_rob(args: argparse.Namespace) -> int:
    from extractor.app.rob import export_rob, palette_of

    with open_project(args.project) as project:
        palette = palette_of(project, args.palette)  # kept: the next "export all" uses it too
        written, warnings = export_rob(
            project, args.output, args.tool, args.weighted, palette, args.source, args.final
        )
    warn(warnings)
    print("wrote " + ", ".join(str(path) for path in written))
    return 0


def cmd_rob_add(args: argparse.Namespace) -> int:
    from extractor.app.rob import add_tool

    with open_project(args.project) as project:
        added = add_tool(project, args.tool)
    print(f"{added.tool}: form '{added.form.key}' ({added.form.name})")
    return 0


def cmd_rob_summary(args: argparse.Namespace) -> int:
    from extractor.app.rob import summary

    with open_project(args.project) as project:
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
    from extractor.app.outputs import import_prisma

    with open_project(args.project) as project:
        found, dropped = import_prisma(project, args.file)
    report_prisma(found)
    warn(dropped)
    print(f"PRISMA counts read from {args.file}")
    return 0


def cmd_export_prisma(args: argparse.Namespace) -> int:
    from extractor.app.outputs import export_prisma

    with open_project(args.project) as project:
        found, gaps = export_prisma(project, args.output, args.final)
    report_prisma(found)
    for line in gaps:
        warn([line])
    print(f"wrote {args.output}")
    return 0


def cmd_export_all(args: argparse.Namespace) -> int:
    from extractor.app.export_all import export_all

    with open_project(args.project) as project:
        done = export_all(project, args.output, args.source, final=args.final)
    warn(done.lines())
    if done.failed:
        print(f"wrote the other outputs to {args.output} (see manifest.json)")
        return 1
    print(f"wrote every output to {args.output} (see manifest.json)")
    return 0


def cmd_export_tables(args: argparse.Namespace) -> int:
    from extractor.app.outputs import export_tables

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
                raise UsageError(f"--caption '{item}' is not VALUE=TEXT")
            captions[value.strip()] = text.strip()
        changes["captions"] = captions
    if args.page_size:
        changes["page_size"] = args.page_size
    if args.form_key:
        changes["form"] = args.form_key
    with open_project(args.project) as project:
        warnings = export_tables(project, args.output, args.source, changes, final=args.final)
    warn(warnings)
    print(f"wrote {args.output}")
    return 0


def cmd_export_synthesis(args: argparse.Namespace) -> int:
    from extractor.app.outputs import export_synthesis

    by = [key.strip() for key in args.by.split(",") if key.strip()]
    with open_project(args.project) as project:  # the next "export all" groups the same way
        warnings = export_synthesis(
            project, by, args.output, args.source, args.form_key, remember=True, final=args.final
        )
    warn(warnings)
    print(f"wrote {args.output}")
    return 0


def cmd_export_evidence(args: argparse.Namespace) -> int:
    from extractor.app.appendix import export_evidence

    with open_project(args.project) as project:
        warnings = export_evidence(project, args.output, args.source, args.final)
    warn(warnings)
    print(f"wrote {args.output}")
    return 0
