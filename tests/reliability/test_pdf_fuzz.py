"""Damaged and hostile PDFs: 0 tracebacks, every refusal in a reviewer's words
(never MuPDF's), and a truncated file called truncated. Seeded and bounded; set
EXTRACTOR_FUZZ to a larger count for the long run."""

import os
import random

import pytest

from extractor.core.errors import InputError
from extractor.pdf.layout import Viewport
from extractor.pdf.render_service import RenderService
from extractor.pdf.sandbox import in_sandbox, inspect_untrusted

from helpers import dump, run_cli
from pdfs import encrypted_pdf, text_pdf

COUNT = int(os.environ.get("EXTRACTOR_FUZZ", "40"))
# Every message a reviewer may read about a PDF we refuse.
WORDS = (
    "the file is empty",
    "not a PDF file",
    "the file is truncated",
    "the PDF is damaged",
    "the PDF has no pages",
    "the PDF is protected by a password",
    "took longer than",
    "needs more memory",
    "made the PDF reader stop",
)


def flipped(data: bytes, chance: random.Random) -> bytes:
    changed = bytearray(data)
    for _ in range(chance.randrange(1, 24)):
        changed[chance.randrange(len(changed))] = chance.randrange(256)
    return bytes(changed)


def broken_xref(data: bytes, chance: random.Random) -> bytes:
    at = data.rfind(b"startxref")
    return data[:at] + b"startxref\n" + str(chance.randrange(10**9)).encode() + b"\n%%EOF\n"


def huge_sizes(data: bytes, chance: random.Random) -> bytes:
    return data.replace(b"/Length ", b"/Length 99999999999 ", 1).replace(
        b"/Count ", b"/Count 2147483647 ", 1
    )


ZERO_PAGES = (
    b"%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)


def cases(count: int):
    chance = random.Random(20261203)
    whole = text_pdf(3)
    yield "encrypted", encrypted_pdf()
    yield "zero pages", ZERO_PAGES
    yield "empty", b""
    for number in range(count):
        kind = ("truncated", "flipped", "xref", "huge")[number % 4]
        if kind == "truncated":
            yield kind, whole[: chance.randrange(16, len(whole) - 8)]
        elif kind == "flipped":
            yield kind, flipped(whole, chance)
        elif kind == "xref":
            yield kind, broken_xref(flipped(whole, chance), chance)
        else:
            yield kind, huge_sizes(whole, chance)


def test_no_pdf_gives_a_traceback_and_every_refusal_is_in_words(capfd):
    outcomes: dict[str, int] = {}
    for kind, data in cases(COUNT):
        try:
            inspect_untrusted(data, f"{kind}.pdf")
            outcome = "opened"
        except InputError as refused:
            message = str(refused)
            assert message.startswith(f"{kind}.pdf: ")
            assert any(words in message for words in WORDS), message
            assert "MuPDF" not in message and "error" not in message.casefold(), message
            outcome = next(words for words in WORDS if words in message)
            if kind == "truncated":
                assert outcome == "the file is truncated", message
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    print(f"import: {COUNT + 3} fuzzed PDFs, 0 tracebacks: {outcomes}")
    assert sum(outcomes.values()) == COUNT + 3
    assert outcomes.get("the file is truncated", 0) >= COUNT // 4
    assert "MuPDF" not in capfd.readouterr().out


@pytest.mark.parametrize("kind", ["truncated", "flipped", "huge"])
def test_importing_a_damaged_pdf_leaves_the_project_as_it_was(project, tmp_path, capsys, kind):
    from extractor.core.model import Citation

    with project.transaction() as repo:
        repo.studies.upsert("Kolev et al", "1", Citation())
    data = next(d for k, d in cases(12) if k == kind)
    path = tmp_path / "kolev.pdf"
    path.write_bytes(data)
    before = dump(project.path)
    code, _, err = run_cli(capsys, "import", "pdfs", project.path, path)
    if code == 0:  # MuPDF repaired it: it opens, and is stored whole
        return
    assert code == 1 and str(path) in err and "Traceback" not in err
    assert dump(project.path) == before


def shown_in_the_viewer(data: bytes, source: str) -> tuple[int, list[str]]:
    """Open the file as the viewer does, then draw every page, read its words, check
    its text layer and search it: how many pages were drawn, and every failure."""
    replies: list[tuple] = []
    service = RenderService(replies.append)

    def ask(*message):
        if service.note(message):
            service.answer(message)

    try:
        ask("open", 1, 1, data, source, Viewport("width", 1.0, 600, 800, 1.0))
        opened = next((r for r in replies if r[0] == "opened"), None)
        pages = len(opened[3]) if opened else 0
        for page in range(min(pages, 5)):
            ask("wanted", 1, frozenset({(1, page, 0.5)}))
            ask("render", 1, 1, page, 0.5)
            ask("words", 1, 1, page)
        ask("text", 1, 1)
        ask("search", 1, 1, "patients")
    finally:
        service.close()
    drawn = sum(1 for r in replies if r[0] == "rendered")
    return drawn, [r[3] for r in replies if r[0] == "failed"]


def test_viewing_damaged_pdfs_gives_no_traceback_and_says_what_failed_in_words():
    """Drawing, reading words and searching, on the files that open at all."""
    failures: list[str] = []
    drawn = 0
    for number, (kind, data) in enumerate(cases(COUNT)):
        source = f"{kind}-{number}.pdf"
        pages, failed = in_sandbox(shown_in_the_viewer, data, source, source=source)
        drawn += pages
        failures += failed
    for message in failures:
        assert "MuPDF" not in message and "error" not in message.casefold(), message
        assert any(words in message for words in WORDS + ("cannot be drawn",)), message
    print(f"viewer: {COUNT + 3} fuzzed PDFs, 0 tracebacks, {drawn} pages drawn")
    assert drawn >= COUNT  # most damaged files still show pages: MuPDF repairs them
