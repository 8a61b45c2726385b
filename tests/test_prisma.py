import pymupdf
import pytest

from extractor.core.prisma import PrismaCounts, problems, reference_review
from extractor.io.prisma_csv import prisma_csv
from extractor.reports.prisma_pdf import prisma_pdf

from helpers import dump, run_cli


def test_the_reference_review_adds_up():
    assert problems(reference_review()) == []


def test_counts_that_do_not_add_up_are_listed_with_their_numbers():
    counts = reference_review()
    counts.numbers["records_screened"] = 349
    counts.lists["dbr_excluded"] = [("Age criteria", 15), ("Different methodology", 30)]
    found = problems(counts)
    assert (
        "Records screened is 349, but identified 352 − duplicates 2 − automation 0 − other reasons 0 = 350"
        in found
    )
    assert "Reports sought for retrieval is 85, but screened 349 − excluded 265 = 84" in found
    assert "Reports of new included studies is 30, but assessed 85 − excluded 45 = 40" in found


def test_the_diagram_shows_the_standard_boxes_and_numbers():
    text = " ".join(
        pymupdf.open(stream=prisma_pdf(reference_review(), "AIH"), filetype="pdf")[0]
        .get_text()
        .split()
    )
    for expected in (
        "Identification of studies via databases and registers",
        "Records identified from*: Databases (n = 352)",
        "Registers (n = 0)",
        "Duplicate records removed (n = 2)",
        "Records marked as ineligible by automation tools (n = 0)",
        "Records screened (n = 350)",
        "Records excluded** (n = 265)",
        "Reports sought for retrieval (n = 85)",
        "Reports not retrieved (n = 0)",
        "Reports assessed for eligibility (n = 85)",
        "Age criteria (n = 15)",
        "Different methodology (n = 30)",
        "Insufficient data (n = 10)",
        "Studies included in review (n = 30)",  # a new review: the statement's words
        "Reports of included studies (n = 30)",
        "Identification",
        "Screening",
        "Included",
    ):
        assert expected in text, expected
    assert "other methods" not in text
    assert "New studies" not in text and "previous" not in text and "NA" not in text


def diagram(counts, page_size="A4"):
    with pymupdf.open(stream=prisma_pdf(counts, "t", page_size=page_size), filetype="pdf") as pdf:
        page = pdf[0]
        text = " ".join(page.get_text().split())
        drawn = [d["rect"] for d in page.get_drawings()]
        return text, page.rect, drawn


def test_a_count_not_given_is_left_out_and_a_side_box_with_none_is_not_drawn():
    counts = reference_review()
    del counts.numbers["register_results"]
    del counts.numbers["dbr_notretrieved_reports"]
    for key in ("duplicates", "excluded_automatic", "excluded_other"):
        counts.numbers.pop(key, None)
    text, _, _ = diagram(counts)
    assert "NA" not in text and "Registers" not in text
    assert "Reports not retrieved" not in text and "Records removed" not in text
    assert "Records identified from*: Databases (n = 352)" in text


def test_the_updated_review_template_is_drawn_only_with_previous_studies():
    counts = reference_review()
    counts.numbers |= {
        "previous_studies": 12,
        "previous_reports": 14,
        "total_studies": 42,
        "total_reports": 44,
    }
    text, _, _ = diagram(counts)
    for expected in (
        "Previous studies",
        "Studies included in previous version of review (n = 12)",
        "Reports of studies included in previous version of review (n = 14)",
        "New studies included in review (n = 30)",
        "Reports of new included studies (n = 30)",
        "Total studies included in review (n = 42)",
        "Reports of total included studies (n = 44)",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(("size", "height"), [("A4", 842), ("Letter", 792)])
def test_the_diagram_fills_its_page(size, height):
    _, page, drawn = diagram(reference_review(), size)
    assert round(page.height) == height
    lowest = max(rect.y1 for rect in drawn)  # PyMuPDF measures down from the top
    assert lowest > page.height * 0.75  # the boxes reach down the page, not its top half
    assert all(rect.y1 < page.height - 10 for rect in drawn)  # within the margins


def test_other_methods_get_their_own_column():
    counts = reference_review()
    counts.numbers |= {"citations_results": 12, "other_sought_reports": 12, "other_assessed": 12}
    text = " ".join(
        pymupdf.open(stream=prisma_pdf(counts, "t"), filetype="pdf")[0].get_text().split()
    )
    assert (
        "Identification of studies via other methods" in text
        and "Citation searching (n = 12)" in text
    )


def test_template_csv_round_trip_and_bad_rows(tmp_path, project, capsys):
    source = tmp_path / "prisma.csv"
    source.write_text(prisma_csv(reference_review()), encoding="utf-8")
    code, _, err = run_cli(capsys, "import", "prisma", project.path, source)
    assert code == 0 and err == ""
    out = tmp_path / "again.csv"
    assert run_cli(capsys, "export", "prisma", project.path, "-o", out)[0] == 0
    assert out.read_text() == source.read_text()
    assert (
        "dbr_excluded,node25,box25,Reports excluded,Reports excluded,,,Age criteria, 15; Different"
        in out.read_text().replace('"', "")
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("data,n\ndatabase_results,lots\ndbr_excluded,Age criteria fifteen\n")
    before = dump(project.path)
    code, _, err = run_cli(capsys, "import", "prisma", project.path, bad)
    assert code == 1
    assert f"{bad}, line 2: database_results n 'lots' is not a whole number or NA" in err
    assert f"{bad}, line 3: dbr_excluded item 'Age criteria fifteen' is not 'Reason, number'" in err
    assert dump(project.path) == before


def test_inconsistent_counts_are_reported_and_the_diagram_still_written(tmp_path, project, capsys):
    source = tmp_path / "prisma.csv"
    source.write_text(
        "data,node,box,description,boxtext,tooltips,url,n\ndatabase_results,,,,,,,100\nduplicates,,,,,,,10\nrecords_screened,,,,,,,95\n"
    )
    code, _, err = run_cli(capsys, "import", "prisma", project.path, source)
    assert code == 0 and "Records screened is 95, but identified 100 − duplicates 10" in err
    out = tmp_path / "flow.pdf"
    code, _, err = run_cli(capsys, "export", "prisma", project.path, "-o", out)
    assert code == 0 and "do not add up" in err and out.exists()
    assert PrismaCounts.from_json({"numbers": {"bogus": 1}}).numbers == {}
