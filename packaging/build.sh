#!/usr/bin/env bash
# Builds the one-folder desktop application from a fresh virtual environment:
#   packaging/build.sh           -> dist/extractor-VERSION/extractor
#   packaging/build.sh --smoke   -> then checks the built program works
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
# shellcheck disable=SC1091
. "$work/venv/bin/activate"
python -m pip install --quiet --upgrade pip
pip install --quiet . "pyinstaller>=6.6"
pyinstaller --noconfirm --clean --distpath "$root/dist" --workpath "$work/build" packaging/extractor.spec
version="$(python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
app="$root/dist/extractor-$version/extractor"
echo "built $app"

if [[ "${1:-}" == "--smoke" ]]; then
    export QT_QPA_PLATFORM=offscreen
    home="$work/home"
    export XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data"
    "$app" --version | grep -q "extractor $version"
    "$app" demo "$work/demo.extractor"
    "$app" info "$work/demo.extractor" --json | grep -q '"studies": 11'
    # scipy's distributions, frozen: the calculators and meta-analysis need them.
    "$app" calc sd --ci 1.2 3.4 --n 25 | grep -q "SD 2.66486"
    "$app" export all "$work/demo.extractor" -o "$work/outputs"
    for file in tables.pdf tables.docx data.xlsx prisma.pdf agreement.pdf manifest.json; do
        test -s "$work/outputs/$file" || { echo "missing $file"; exit 1; }
    done
    # The window starts offscreen on the demo and closes cleanly on SIGTERM.
    "$app" "$work/demo.extractor" &
    pid=$!
    for _ in $(seq 1 100); do
        test -s "$home/config/Extractor/settings.json" && break
        kill -0 "$pid" 2>/dev/null || { echo "the window did not start"; exit 1; }
        sleep 0.2
    done
    # The first study's PDF is drawn by a render process: a copy of the program.
    renderer=""
    for _ in $(seq 1 100); do
        renderer="$(pgrep -P "$pid" -f -- --multiprocessing-fork || true)"
        test -n "$renderer" && break
        sleep 0.2
    done
    test -n "$renderer" || { echo "no PDF render process started"; exit 1; }
    sleep 1
    kill -0 "$renderer" 2>/dev/null || { echo "the PDF render process did not stay up"; exit 1; }
    kill -TERM "$pid"
    wait "$pid"
    sleep 1
    ! kill -0 "$renderer" 2>/dev/null || { echo "the PDF render process outlived the window"; exit 1; }
    echo "smoke test passed"
fi
