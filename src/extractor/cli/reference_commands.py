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
