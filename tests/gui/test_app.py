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
