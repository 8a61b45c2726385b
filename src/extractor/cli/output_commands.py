"""Commands that write publication outputs: tables, synthesis, PRISMA, risk of bias, everything."""

from __future__ import annotations

import argparse
import json

from extractor.cli.common import open_project, report_prisma, warn
from extractor.core.errors import ExtractorError


def cmd_import_rob(args: argparse.Namespace) -> int:
    from extractor.io.rob_data import import_robvis

    with open_project(args.project) as project:
        count = import_robvis(project, args.file, args.tool, args.reviewer)
    print(f"{args.reviewer}: {args.tool} judgements of {count} assessments")
    return 0


def cmd_export_rob(args: argparse.Namespace) -> int:
    from extractor.io.rob_export import export_rob

    with open_project(args.project) as project:
        with project.transaction() as repo:
            if args.palette:  # kept: the next "export all" draws with it too
                repo.settings.set("export.palette", args.palette)
            palette = repo.settings.get("export.palette") or "cochrane"
        written, warnings = export_rob(
            project, args.output, args.tool, args.weighted, palette, args.source
        )
    warn(warnings)
    print("wrote " + ", ".join(str(path) for path in written))
    return 0


def cmd_rob_add(args: argparse.Namespace) -> int:
    from extractor.io.rob_data import instrument

    with open_project(args.project) as project, project.transaction() as repo:
        added = instrument(repo, args.tool, add=True)
    print(f"{added.tool}: form '{added.form.key}' ({added.form.name})")
    return 0


def cmd_rob_summary(args: argparse.Namespace) -> int:
    from extractor.io.rob_data import summary

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
    from extractor.io.prisma_files import import_prisma

    with open_project(args.project) as project:
        found = import_prisma(project, args.file)
    report_prisma(found)
    print(f"PRISMA counts read from {args.file}")
    return 0


def cmd_export_prisma(args: argparse.Namespace) -> int:
    from extractor.io.prisma_files import export_prisma

    with open_project(args.project) as project:
        found = export_prisma(project, args.output)
    report_prisma(found)
    print(f"wrote {args.output}")
    return 0


def cmd_export_all(args: argparse.Namespace) -> int:
    from extractor.io.export_all import export_all

    with open_project(args.project) as project:
        warnings = export_all(project, args.output, args.source)
    warn(warnings)
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
    with open_project(args.project) as project:
        warnings = export_tables(project, args.output, args.source, changes)
    warn(warnings)
    print(f"wrote {args.output}")
    return 0


def cmd_export_synthesis(args: argparse.Namespace) -> int:
    from extractor.io.synthesis_files import export_synthesis

    by = [key.strip() for key in args.by.split(",") if key.strip()]
    with open_project(args.project) as project:
        warnings = export_synthesis(project, by, args.output, args.source, args.form_key)
        with project.transaction() as repo:  # the next "export all" groups the same way
            repo.settings.set("export.synthesis", {"by": by})
    warn(warnings)
    print(f"wrote {args.output}")
    return 0
