"""The packaged desktop build works: it builds from a fresh environment, prints its
version, writes the demo, exports everything and opens its window. Slow (minutes):
left out of the default run; `pytest -m frozen` runs it."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.frozen
def test_the_frozen_application_passes_its_smoke_test():
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "smoke test passed" in result.stdout
