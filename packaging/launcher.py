"""Entry point of the frozen build: the same command as `extractor`."""

import multiprocessing
import sys

from extractor.launch import main

if __name__ == "__main__":
    # The PDF render process starts as a copy of this program; this lets it
    # (and multiprocessing's resource tracker) run instead of the command line.
    multiprocessing.freeze_support()
    sys.exit(main())
