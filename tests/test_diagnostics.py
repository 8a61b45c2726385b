"""The log file and the terminal log of `extractor --verbose`."""

import logging
import subprocess
import sys

import pytest

from extractor import diagnostics


@pytest.fixture
def fresh_logger():
    """start_logging configures the 'extractor' logger once per process; undo it."""
    logger = logging.getLogger("extractor")
    before = list(logger.handlers)
    yield logger
    for handler in logger.handlers:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()


def test_every_run_logs_to_a_file_in_the_users_log_folder(fresh_logger, isolated_desktop):
    diagnostics.start_logging()
    logging.getLogger("extractor.app.test").warning("a warning worth keeping")
    for handler in fresh_logger.handlers:
        handler.flush()
    path = diagnostics.log_path()
    assert path.is_relative_to(isolated_desktop / "state")
    assert "a warning worth keeping" in path.read_text(encoding="utf-8")
    assert (path.parent / "crash.log").exists()  # where faulthandler writes


def test_verbose_logs_to_the_terminal_too(isolated_desktop, tmp_path):
    demo = tmp_path / "demo.extractor"
    done = subprocess.run(
        [sys.executable, "-m", "extractor", "--verbose", "demo", str(demo)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "extractor started" in done.stderr and "INFO" in done.stderr
    quiet = subprocess.run(
        [sys.executable, "-m", "extractor", "info", str(demo)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert "extractor started" in diagnostics.log_path().read_text(encoding="utf-8")


def test_a_closed_pipe_ends_a_command_quietly(demo_path):
    reader = subprocess.Popen(
        f"{sys.executable} -m extractor conflicts {demo_path} | head -c 1",
        shell=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = reader.communicate(timeout=120)
    assert len(out) == 1 and "Traceback" not in err and "BrokenPipe" not in err
