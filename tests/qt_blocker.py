"""A pytest plugin (`-p qt_blocker`) that makes every import of PySide6 fail."""

import sys
from importlib.abc import MetaPathFinder


class QtBlocked(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError(f"{name}: Qt is blocked in this run")
        return None


if "PySide6" in sys.modules:
    raise RuntimeError("qt_blocker loaded after PySide6: run pytest with -p no:pytest-qt")
sys.meta_path.insert(0, QtBlocked())
