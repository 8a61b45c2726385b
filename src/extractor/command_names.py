"""The names of the command line's commands: what `extractor` runs as a command
rather than opening the window. Apart from cli/, which is slow to import, so that
the window can open without it."""

COMMANDS = (
    "new",
    "demo",
    "copy",
    "info",
    "study",
    "form",
    "import",
    "export",
    "conflicts",
    "resolve",
    "agreement",
    "share",
    "package",
    "assign",
    "rob",
    "history",
    "audit",
    "backups",
    "meta",
    "calc",
    "references",
    "screen",
    "search",
    "ocr",
)
