"""References: `import references` and `references`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from extractor.cli.common import open_project


def add_commands(commands: Any, imports: Any) -> None:
    """The reference commands, in the parsers of `extractor` and `import`."""
    references_in = imports.add_parser(
        "references", help="search results: RIS, BibTeX, MEDLINE (.nbib), EndNote XML, CSV"
    )
    references_in.add_argument("project", type=Path)
    references_in.add_argument("file", type=Path)
    references_in.add_argument(
        "--database", help="where the search ran (default: what the file says, else its name)"
    )
    references_in.add_argument(
        "--yes", action="store_true", help="import; without it, only say what importing does"
    )
    references_in.set_defaults(handler=cmd_import_references)

    listing = commands.add_parser("references", help="the project's references and their sources")
    listing.add_argument("project", type=Path)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_references)
    what = listing.add_mutually_exclusive_group()
    what.add_argument(
        "--duplicates", action="store_true", help="the likely duplicates no one has judged"
    )
    what.add_argument(
        "--merge", nargs=2, metavar=("LABEL", "LABEL"),
        help="the second is the same record as the first: merge it into the first",
    )  # fmt: skip
    what.add_argument(
        "--keep", nargs=2, metavar=("LABEL", "LABEL"),
        help="two records after all: no longer list them as likely duplicates",
    )  # fmt: skip


def cmd_import_references(args: argparse.Namespace) -> int:
    from extractor.app.references import import_references

    with open_project(args.project) as project:
        found = import_references(project, args.file, args.database, apply=args.yes)
    print("\n".join(found.lines()))
    if not args.yes:
        print("nothing imported yet: run again with --yes to import")
        return 1
    return 0


def cmd_references(args: argparse.Namespace) -> int:
    from extractor.app.references import reference_list

    if args.duplicates:
        return cmd_duplicates(args)
    if args.merge or args.keep:
        return cmd_judge(args)

    with open_project(args.project) as project:
        found = reference_list(project)
    if args.json:
        print(json.dumps(found, ensure_ascii=False))
        return 0
    for item in found["references"]:
        sources = "; ".join(
            f"{s['database']} ({s['file']}, record {s['record']})" for s in item["sources"]
        )
        print(f"{item['label']} | {item['title']} | {sources}")
    counts = ", ".join(f"{name} {n}" for name, n in found["records"].items())
    print(
        f"{len(found['references'])} references from {sum(found['records'].values())} records"
        f" ({counts}); {found['duplicates_removed']} duplicates removed"
    )
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    from extractor.app.references import likely_duplicates

    with open_project(args.project) as project:
        pairs = likely_duplicates(project)
    if args.json:
        rows = [{"first": p.first, "second": p.second, "reason": p.reason} for p in pairs]
        print(json.dumps(rows, ensure_ascii=False))
    elif not pairs:
        print("no likely duplicates to judge")
    for pair in [] if args.json else pairs:
        print(f"{pair.first} | {pair.second} | {pair.reason}")
    return 0


def cmd_judge(args: argparse.Namespace) -> int:
    from extractor.app.references import judge_duplicates

    first, second = args.merge or args.keep
    with open_project(args.project) as project:
        print(judge_duplicates(project, first, second, same=bool(args.merge)))
    return 0
