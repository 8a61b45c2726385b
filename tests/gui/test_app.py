import contextlib
import json
import os
import signal
import subprocess
import sys

import pytest

from extractor.app.desktop import config_dir

pytestmark = pytest.mark.gui


def test_extractor_project_opens_a_window_and_exits_cleanly(demo_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen(
        [sys.executable, "-m", "extractor", str(demo_path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    settings = config_dir() / "settings.json"
    try:
        # The app records the project as the last one just before it shows the window.
        for _ in range(600):
            if settings.exists() or app.poll() is not None:
                break
            with contextlib.suppress(subprocess.TimeoutExpired):
                app.wait(timeout=0.05)
        assert app.poll() is None, app.stderr.read()
        app.send_signal(signal.SIGTERM)
        _, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == 0, err
    assert json.loads(settings.read_text())["last_project"] == str(demo_path.resolve())
    wal = demo_path.with_name(demo_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_an_unexpected_error_in_a_worker_thread_is_logged_and_shown(qtbot, monkeypatch):
    import threading

    from extractor.diagnostics import log_path, start_logging
    from extractor.gui import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    start_logging()
    reporter = app.install_crash_handler()
    shown_before = len(reporter.shown)

    def broken() -> None:
        raise RuntimeError("a bug in a worker")

    worker = threading.Thread(target=broken, name="worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(reporter.shown) > shown_before)
    assert "RuntimeError: a bug in a worker" in reporter.shown[-1]
    box = reporter._box
    assert box.isVisible() and str(log_path()) in box.informativeText()
    box.close()
    import logging

    for handler in logging.getLogger("extractor").handlers:
        handler.flush()
    assert "a bug in a worker" in log_path().read_text(encoding="utf-8")
