"""From launch to the window on screen, against a bare PySide6 window.

Each run is a fresh Python process, timed from before it is started until its first
window is shown and painted. Baseline: a process that opens an empty QMainWindow.
Measured: `extractor PROJECT` on the demo (extractor.launch.main, as the installed
command runs it), whose first window says what it opens while the project and the
main window load behind it; the time until the main window itself is shown is
printed too. The ratio of the medians of 5 runs each must stay within 1.5.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from support import result

from extractor.app.demo import write_demo

BUDGET = 1.5
RUNS = 5

BARE = """
import os
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
print("shown", flush=True)
os._exit(0)
"""

# The first window shown (and, with "main", the main window) ends the run.
APP = """
import os, sys
from PySide6.QtWidgets import QApplication, QMainWindow
wanted = sys.argv[2]
shown = QMainWindow.show
def show(window):
    shown(window)
    if wanted == "first" or type(window).__name__ == "MainWindow":
        QApplication.processEvents()
        print("shown", flush=True)
        os._exit(0)
QMainWindow.show = show
from extractor.launch import main
main([sys.argv[1]])
"""


def launch(code: str, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if "shown" not in done.stdout:
        raise SystemExit(f"the window was never shown:\n{done.stderr[-2000:]}")
    return elapsed


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="extractor-startup-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(folder / name)
    demo = folder / "demo.extractor"
    write_demo(demo).close()
    launch(BARE)  # warm the file cache for both
    launch(APP, str(demo), "main")
    bare = statistics.median(launch(BARE) for _ in range(RUNS))
    app = statistics.median(launch(APP, str(demo), "first") for _ in range(RUNS))
    ready = statistics.median(launch(APP, str(demo), "main") for _ in range(RUNS))
    ratio = app / bare
    print(
        f"bare PySide6 window: {bare:.2f} s; Extractor's first window: {app:.2f} s, "
        f"its main window on the demo: {ready:.2f} s"
    )
    result("startup_ratio", ratio, BUDGET, ratio <= BUDGET)
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
