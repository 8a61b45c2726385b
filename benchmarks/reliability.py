"""The long runs of tests/reliability: 200 kills while saving answers, 30 kills of
`share`, 1,000 fuzzed PDFs on import and in the viewer, 100 malformed variants of
every importer. Prints each test's figures; the result is the number of failures.

    python benchmarks/reliability.py [--quick]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from support import result

LONG = {
    "EXTRACTOR_KILLS": "200",
    "EXTRACTOR_SHARE_KILLS": "30",
    "EXTRACTOR_FUZZ": "1000",
    "EXTRACTOR_MALFORMED": "100",
}
FIGURES = re.compile(r"(kills|fuzzed PDFs|malformed inputs)")


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if "--quick" not in sys.argv:
        environment.update(LONG)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests/reliability"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
    )
    for line in run.stdout.splitlines():
        if FIGURES.search(line):
            print(line.strip(". "))
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
    print(summary)
    failed = re.search(r"(\d+) failed", summary)
    failures = int(failed.group(1)) if failed else (0 if run.returncode == 0 else 1)
    result("failures", failures, 0, failures == 0)


if __name__ == "__main__":
    main()
