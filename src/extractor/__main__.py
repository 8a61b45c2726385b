import sys

from extractor.launch import main

if __name__ == "__main__":
    sys.exit(main())
