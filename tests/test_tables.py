import re

import pymupdf
import pytest
from docx import Document

from extractor.core.forms import parse_form
from extractor.core.model import Citation, ExtractionData, StudyInfo
from extractor.core.sources import Sourced
from extractor.core.tables import build_tables
from extractor.reports.tables_pdf import tables_pdf

from helpers import run_cli

DEMO_LABELS = {
    "treatment": [
        "Kolev et al",
        "Arvaniti et al",
        "Burak et al",
        "Carey et al",
        "Al-Busafi et al",
        "Barth et al",
        "Riveiro-Barciela et al",
        "Santos et al",
        "Zarrabi et al",
    ],
    "induced": ["Jenkins et al", "Wong et al"],
}


def row_of(label: str, ref: str, data: ExtractionData) -> Sourced:
    """A study's answers as an export gathers them: one reviewer's, nothing open."""
    return Sourced.alone(StudyInfo(ref, label, ref, Citation()), None, data)


@pytest.fixture
def tables(demo_path, tmp_path, capsys):
    out = tmp_path / "tables.pdf"
    code, _, err = run_cli(
        capsys, "export", "tables", demo_path, "-o", out, "--source", "Alice Moreau"
    )
    assert code == 0, err
    return out


def test_demo_tables_split_by_category_with_captions_and_repeated_headers(tables):
    with pymupdf.open(tables) as document:
        pages = [" ".join(page.get_text().split()) for page in document]
        for page in document:
            assert page.rect.width > page.rect.height  # landscape
    text = " ".join(pages)
    assert "Table 1 Biologics for the treatment of AIH" in text
    assert "Table 2 Anti-TNF induced AIH" in text
    for label in DEMO_LABELS["treatment"] + DEMO_LABELS["induced"]:
        assert label.split()[0] in text
    for page in pages:  # every page starts its table with the header row
        assert "Ref." in page and "Previous intervention" in page
    assert "Agent: Rituximab; Dose: 375 mg/m2 weekly for 4 weeks; Patients: 1" in text.replace(
        "\n", " "
    )


def test_words_stay_inside_their_cells_and_on_the_page(tables):
    with pymupdf.open(tables) as document:
        for page in document:
            for x0, y0, x1, y1, *_ in page.get_text("words"):
                assert x0 >= 0 and x1 <= page.rect.width and y0 >= 0 and y1 <= page.rect.height
            lines = [d for d in page.get_drawings() if d["rect"].height < 1]
            assert lines  # the rules of the table are drawn


def test_the_footnote_lists_exactly_the_abbreviations_used():
    form = parse_form(
        {
            "key": "f",
            "name": "F",
            "sections": [
                {"title": "S", "fields": [{"key": "note", "label": "Note", "type": "text"}]}
            ],
        },
        "f",
    )
    studies = [row_of("Ada et al", "1", ExtractionData({"note": "AZA then MMF; ALT fell"}))]
    glossary = {
        "AZA": "azathioprine",
        "MMF": "mycophenolate mofetil",
        "ALT": "alanine aminotransferase",
        "UDCA": "ursodeoxycholic acid",
        "AST": "aspartate aminotransferase",
    }
    [table] = build_tables(form, studies, glossary=glossary)
    assert [short for short, _ in table.abbreviations] == ["ALT", "AZA", "MMF"]
    text = pymupdf.open(stream=tables_pdf([table], "t"), filetype="pdf")[0].get_text()
    assert "Abbreviations: ALT, alanine aminotransferase; AZA, azathioprine; MMF," in text
    assert "UDCA" not in text


def test_unicode_and_a_cell_taller_than_a_page():
    form = parse_form(
        {
            "key": "f",
            "name": "F",
            "sections": [
                {"title": "S", "fields": [{"key": "note", "label": "Note", "type": "longtext"}]}
            ],
        },
        "f",
    )
    huge = " ".join(f"Sentence {n}: dose ≥ 5 μg/kg in Győr, α and β arms." for n in range(700))
    studies = [row_of("Ő et al", "1", ExtractionData({"note": huge}))]
    pdf = tables_pdf(build_tables(form, studies), "t", page_size="Letter")
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        assert document.page_count > 1
        text = "".join(page.get_text() for page in document)
        assert round(document[0].rect.width) == 792  # Letter, landscape
    assert "≥ 5 μg/kg in Győr, α and β" in text and "Sentence 699" in text


def test_docx_tables_are_editable_and_settings_are_kept(demo_path, tmp_path, capsys):
    out = tmp_path / "tables.docx"
    args = ("export", "tables", demo_path, "-o", out, "--fields", "country,design,arms")
    assert run_cli(capsys, *args, "--page-size", "Letter")[0] == 0
    document = Document(str(out))
    assert [t.rows[0].cells[2].text for t in document.tables] == ["Country", "Country"]
    assert len(document.tables[0].rows) == 1 + 9 and len(document.tables[1].rows) == 1 + 2
    again = tmp_path / "again.docx"
    assert run_cli(capsys, "export", "tables", demo_path, "-o", again)[0] == 0  # settings kept
    assert again.read_bytes() == out.read_bytes()


def test_export_all_twice_gives_identical_files(demo_path, tmp_path, capsys):
    import json

    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        code, _, err = run_cli(capsys, "export", "all", demo_path, "-o", folder)
        assert code == 0, err
        lines = err.splitlines()
        assert lines and len(set(lines)) == len(lines)  # each warning once
    manifest = json.loads((first / "manifest.json").read_text())
    names = [f["file"] for f in manifest["files"]]
    assert names == [
        "tables.pdf",
        "tables.docx",
        "evidence.pdf",
        "data.xlsx",
        "data.json",
        "data.csv",
        "prisma.pdf",
        "prisma.csv",
        "synthesis-by-category-arms_agent.csv",
        "synthesis-by-category-arms_agent.pdf",
        "rob-jbi-cs.pdf",
        "rob-jbi-cs.csv",
        "rob-jbi-cr.pdf",
        "rob-jbi-cr.csv",
        "agreement.csv",
        "agreement.pdf",
    ]
    assert (first / "manifest.json").read_bytes() == (second / "manifest.json").read_bytes()
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_pages_carry_the_header_once_continued_rows_their_study_and_the_footnote_a_row():
    form = parse_form(
        {
            "key": "f",
            "name": "F",
            "sections": [
                {
                    "title": "S",
                    "fields": [
                        {"key": "note", "label": "Note", "type": "longtext"},
                        {"key": "age", "label": "Age (years)", "type": "text", "unit": "years"},
                    ],
                }
            ],
        },
        "f",
    )
    studies = [
        row_of(
            f"Study {n}",
            str(n),
            ExtractionData(
                {
                    "note": " ".join(f"AZA step {n}.{k}." for k in range(60 + 300 * (n % 3))),
                    "age": "40",
                }
            ),
        )
        for n in range(7)
    ]
    [table] = build_tables(form, studies, glossary={"AZA": "azathioprine"})
    assert table.headers[-1] == "Age (years)"  # the unit is not written twice
    with pymupdf.open(stream=tables_pdf([table], "t"), filetype="pdf") as document:
        pages = [page.get_text() for page in document]
    assert len(pages) > 3
    for text in pages:
        assert text.count("Ref.") == 1, text[:200]  # the header, once on every page
    continued = [text for text in pages if "(continued)" in text]
    assert len(continued) == 2
    for text in continued:  # the row goes on with its reference and its study
        found = re.search(r"\n(\d+)\nStudy (\d+)\s\(continued\)\n", text)
        assert found is not None and found.group(1) == found.group(2)
    last = pages[-1]
    assert "Abbreviations: AZA, azathioprine." in last
    assert "AZA step" in last  # a row of the table is on the footnote's page


def test_chinese_japanese_and_korean_are_drawn_and_a_character_no_font_has_is_named(
    tmp_path, capsys
):
    project = tmp_path / "cjk.extractor"
    run_cli(capsys, "new", project, "--title", "CJK")
    studies = tmp_path / "studies.csv"
    studies.write_text("label,ref\n王 et al,1\n", encoding="utf-8")
    run_cli(capsys, "import", "studies", project, studies)
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "study,country\n王 et al,中国 日本語のテキスト 한국어 \U00010380\n", encoding="utf-8"
    )
    code, _, err = run_cli(capsys, "import", "extractions", project, answers, "--reviewer", "Ann")
    assert code == 0, err
    out = tmp_path / "tables.pdf"
    code, _, err = run_cli(capsys, "export", "tables", project, "-o", out, "--fields", "country")
    assert code == 0
    assert "no font has these characters; they are written as their code: U+10380" in err
    with pymupdf.open(out) as document:
        text = document[0].get_text()
        fonts = {font[3] for font in document[0].get_fonts()}
    assert "王 et al" in text and "中国 日本語のテキスト 한국어 [U+10380]" in text
    assert len(fonts) > 2  # DejaVu and the fonts that have the CJK characters


def test_a_study_label_taller_than_a_page_ends_instead_of_repeating_itself():
    form = parse_form(
        {
            "key": "f",
            "name": "F",
            "sections": [
                {
                    "title": "S",
                    "fields": [
                        {"key": f"c{n}", "label": f"C{n}", "type": "text"} for n in range(9)
                    ],
                }
            ],
        },
        "f",
    )
    label = " ".join(f"Author{n}" for n in range(400))
    studies = [row_of(label, "1", ExtractionData({"c0": "x"}))]
    pdf = tables_pdf(build_tables(form, studies), "t", landscape_pages=False)
    assert pdf.startswith(b"%PDF")


def test_a_windows_line_break_is_not_taken_for_a_missing_character():
    from extractor.reports.fonts import font_gaps, font_runs

    with font_gaps() as gaps:
        text = font_runs("first line\r\nsecond line")
    assert "U+000D" not in text and not gaps.missing and not gaps.notes()
