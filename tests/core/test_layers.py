"""The house rules of the architecture, checked on the source itself."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_every_test_outside_the_window_passes_with_qt_blocked():
    """The tests of core/, app/ (through the command line), io/, store/ and pdf/ run
    again in a process where importing PySide6 fails: their code needs no Qt."""
    if os.environ.get("EXTRACTOR_QT_BLOCKED"):
        pytest.skip("this is that run")
    root = Path(__file__).parents[2]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:pytest-qt",
            "-p",
            "qt_blocker",
            "-p",
            "no:cacheprovider",
            "--ignore",
            "tests/gui",
            "-m",
            "not gui and not frozen",
            "tests",
        ],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=600,
        env={**os.environ, "EXTRACTOR_QT_BLOCKED": "1", "PYTHONPATH": str(root / "tests")},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " passed" in done.stdout.splitlines()[-1] and "failed" not in done.stdout


def test_qt_is_blocked_in_the_run_without_the_window():
    if not os.environ.get("EXTRACTOR_QT_BLOCKED"):
        pytest.skip("only in the run with Qt blocked")
    with pytest.raises(ImportError, match="Qt is blocked"):
        import PySide6.QtCore  # noqa: F401


def test_the_import_contracts_hold():
    """The layers of pyproject's [tool.importlinter] (also run on their own in CI)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command as c; c()",
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    if done.returncode != 0 and "No module named importlinter" in done.stderr:
        pytest.skip("import-linter is not installed")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
