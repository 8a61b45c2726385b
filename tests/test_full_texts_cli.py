"""`extractor import fulltexts`: PDFs matched to references by a DOI in their text,
by their title, then by file name; a file two references fit is asked about, never
guessed; a reference included at full text brings its PDF to its study."""

from __future__ import annotations

import json

import pymupdf

from helpers import run_cli
from pdfs import damaged_pdf, scanned_pdf

RIS = """TY  - JOUR
AU  - Kolev, Martin
AU  - Diem, Stefan
TI  - Belimumab treatment in autoimmune hepatitis: a case series
PY  - 2023
DO  - 10.1016/j.jhep.2022.11.012
ER  -

TY  - JOUR
AU  - Burak, Kelly W.
TI  - Rituximab for refractory autoimmune hepatitis: a case series
PY  - 2013
ER  -

TY  - JOUR
AU  - Santos, Ana
TI  - Infliximab-induced autoimmune hepatitis
PY  - 2019
ER  -

TY  - JOUR
AU  - Smith, John
TI  - Tocilizumab in autoimmune hepatitis after liver transplantation
PY  - 2020
ER  -

TY  - JOUR
AU  - Smith, Jane
TI  - Abatacept in autoimmune hepatitis with overlap syndrome
PY  - 2020
ER  -
"""


def article(*lines: str) -> bytes:
    document = pymupdf.open()
    page = document.new_page()
    for number, line in enumerate(lines):
        page.insert_text((56, 72 + 16 * number), line, fontsize=10)
    return document.tobytes()


def project_with_full_texts(tmp_path, capsys):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    search = tmp_path / "embase.ris"
    search.write_text(RIS, encoding="utf-8")
    assert run_cli(capsys, "import", "references", project, search, "--yes")[0] == 0
    folder = tmp_path / "full texts"
    folder.mkdir()
    (folder / "jhep-2023.pdf").write_bytes(
        article(
            "Journal of Hepatology 78 (2023) 100-110",
            "https://doi.org/10.1016/J.JHEP.2022.11.012",
            "Belimumab in AIH: six patients",
        )
    )
    (folder / "download (3).pdf").write_bytes(
        article(
            "Case Reports in Hepatology",
            "Rituximab for Refractory Autoimmune Hepatitis -",
            "a Case Series",
            "Kelly W. Burak, Mark G. Swain",
        )
    )
    (folder / "Santos2019.pdf").write_bytes(scanned_pdf())
    (folder / "Smith_2020.pdf").write_bytes(scanned_pdf())
    (folder / "minutes.pdf").write_bytes(article("Minutes of the steering committee"))
    (folder / "broken.pdf").write_bytes(damaged_pdf())
    return project, folder


def test_each_file_is_matched_and_said_how(tmp_path, capsys):
    project, folder = project_with_full_texts(tmp_path, capsys)
    code, out, err = run_cli(capsys, "import", "fulltexts", project, folder)
    assert code == 1  # files left out
    assert sorted(out.splitlines()) == [
        f"{folder / 'Santos2019.pdf'}: Santos 2019, by file name",
        f"{folder / 'download (3).pdf'}: Burak 2013, by title on its first pages (98% alike)",
        f"{folder / 'jhep-2023.pdf'}: Kolev and Diem 2023, by DOI 10.1016/j.jhep.2022.11.012 in the PDF",
    ]
    assert f"{folder / 'Smith_2020.pdf'}: could be Smith 2020 or Smith 2020b (file name);" in err
    assert f"{folder / 'minutes.pdf'}: no reference fits its DOI, title or file name" in err
    assert f"{folder / 'broken.pdf'}" in err
    assert "3 files not kept" in err

    code, out, err = run_cli(
        capsys,
        "import",
        "fulltexts",
        project,
        folder / "Smith_2020.pdf",
        "--reference",
        "Smith 2020b",
    )
    assert code == 0, err
    assert out.strip() == f"{folder / 'Smith_2020.pdf'}: Smith 2020b, by the reference named"


def test_a_record_included_at_full_text_brings_its_pdf_to_its_study(tmp_path, capsys):
    project, folder = project_with_full_texts(tmp_path, capsys)
    run_cli(capsys, "import", "fulltexts", project, folder / "jhep-2023.pdf")
    kolev = "Kolev and Diem 2023"
    for stage in ("ta", "ft"):
        for reviewer in ("Alice", "Bob"):
            run_cli(capsys, "screen", "decide", project, kolev, "--reviewer", reviewer,
                    "--stage", stage, "--decision", "include")  # fmt: skip
    code, out, _ = run_cli(capsys, "info", project, "--json")
    assert json.loads(out)["studies"] == 1
    code, out, err = run_cli(capsys, "search", project, "belimumab", "--json")
    assert code == 0, err
    [hit] = json.loads(out)
    assert (hit["study"], hit["file"]) == (kolev, "jhep-2023.pdf")
