"""The house rules of the architecture, checked on the source itself."""

import ast
import subprocess
import sys
from pathlib import Path

import extractor

PACKAGE = Path(extractor.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_neither_qt_nor_sql_nor_outer_layers():
    forbidden = ("PySide6", "sqlalchemy", "alembic", "pymupdf", "fitz", "reportlab")
    outer = ("extractor.store", "extractor.gui", "extractor.io", "extractor.pdf")
    for path in (PACKAGE / "core").rglob("*.py"):
        for name in imported_modules(path):
            assert not name.startswith(forbidden + outer), f"{path.name} imports {name}"


def test_only_gui_imports_qt():
    for path in PACKAGE.rglob("*.py"):
        if "gui" in path.relative_to(PACKAGE).parts:
            continue
        assert not any(n.startswith("PySide6") for n in imported_modules(path)), path


def test_core_runs_with_qt_and_sqlalchemy_absent():
    code = (
        "import sys\n"
        "for name in ('PySide6', 'sqlalchemy', 'alembic'): sys.modules[name] = None\n"
        "import pkgutil, importlib, extractor.core as core\n"
        "for info in pkgutil.iter_modules(core.__path__): importlib.import_module('extractor.core.' + info.name)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_command_line_work_loads_no_qt():
    code = (
        "import sys\nfrom extractor.cli import build_parser\nbuild_parser()\n"
        "import extractor.app.outputs, extractor.app.demo, extractor.app.export_all\n"
        "assert 'PySide6' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
