import json
from itertools import combinations
from pathlib import Path

import pymupdf
import pytest

from extractor.app.rob import builtin_instrument
from extractor.core.rob_summary import Assessment
from extractor.reports.rob_figures import rob_pdf

from helpers import dump, run_cli

ROBVIS = (
    "Study,D1,D2,D3,D4,D5,Overall,Weight\n"
    "Kolev et al,Low,Some concerns,Low,Low,Low,Some concerns,6\n"
    "Carey et al,High,Low,Low,No information,Low,High,1\n"
    "Burak et al (ALT at 6 months),low,low,low,low,low,low,6\n"
)


@pytest.fixture
def assessed(demo_path, tmp_path, capsys):
    source = tmp_path / "rob.csv"
    source.write_text(ROBVIS)
    code, _, err = run_cli(
        capsys, "import", "rob", demo_path, source, "--tool", "ROB2", "--reviewer", "Alice Moreau"
    )
    assert code == 0, err
    return demo_path


def test_robvis_round_trip_and_summary(assessed, tmp_path, capsys):
    out = tmp_path / "again.csv"
    assert run_cli(capsys, "export", "rob", assessed, "-o", out, "--tool", "ROB2")[0] == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "Study,D1,D2,D3,D4,D5,Overall,Weight"
    assert "Burak et al (ALT at 6 months),Low,Low,Low,Low,Low,Low,6" in lines  # one row per result
    summary = json.loads(
        run_cli(capsys, "rob", "summary", assessed, "--json", "--weighted", "--tool", "ROB2")[1]
    )
    assert summary["tool"] == "ROB2" and summary["weighted"] is True
    d1 = summary["domains"][0]
    assert d1["domain"] == "D1" and d1["shares"] == {"Low": 92.31, "High": 7.69}
    assert summary["domains"][-1]["domain"] == "Overall"


def test_figures_as_pdf_png_and_tiff(assessed, tmp_path, capsys):
    pdf = tmp_path / "rob.pdf"
    assert (
        run_cli(
            capsys,
            "export",
            "rob",
            assessed,
            "-o",
            pdf,
            "--palette",
            "colourblind",
            "--tool",
            "ROB2",
        )[0]
        == 0
    )
    with pymupdf.open(pdf) as document:
        text = " ".join(" ".join(page.get_text().split()) for page in document)
    for expected in (
        "Kolev et al",
        "Burak et al (ALT at 6 months)",
        "Carey et al",
        "D1: Bias arising from the randomisation process",
        "Judgement",
        "Low",
        "Some concerns",
        "High",
        "No information",
        "Overall risk of bias",
        "100%",
    ):
        assert expected in text, expected
    assert (
        run_cli(capsys, "export", "rob", assessed, "-o", tmp_path / "rob.tiff", "--tool", "ROB2")[0]
        == 0
    )
    from PIL import Image

    with Image.open(tmp_path / "rob-1.tiff") as image:
        assert round(image.info["dpi"][0]) == 600 and image.width > 4000
    assert (
        run_cli(capsys, "export", "rob", assessed, "-o", tmp_path / "rob.png", "--tool", "ROB2")[0]
        == 0
    )
    assert (tmp_path / "rob-2.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("count", [3, 30, 150])
def test_long_labels_never_overlap_and_pages_repeat_the_header(count):
    labels = [
        f"Study {n:03d} by an author with a long name and a subtitle, 2024" for n in range(count)
    ]
    assert all(len(label) == 60 for label in labels)
    levels = ["Low", "Some concerns", "High", "No information"]
    rows = [
        Assessment(label, {f"D{i}": levels[(n + i) % 4] for i in range(1, 6)} | {"Overall": "High"})
        for n, label in enumerate(labels)
    ]
    pdf = rob_pdf(builtin_instrument("ROB2"), rows)
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        traffic = [page for page in document if "Risk of bias (ROB2" in page.get_text()]
        found = set()
        for page in traffic:
            text = page.get_text()
            assert "Study" in text and "D5" in text and "Overall" in text  # header on every page
            first_column = page.search_for("D1")[0].x0 - 3 * 2.835  # half a cell left of "D1"
            boxes = []
            for label in labels:
                hits = page.search_for(label)
                if hits:
                    assert len(hits) == 1  # one horizontal line, not wrapped or rotated
                    assert hits[0].x1 < first_column  # clear of the circles
                    boxes.append(hits[0])
                    found.add(label)
            for a, b in combinations(boxes, 2):
                assert not a.intersects(b) or (a & b).height < 0.5
        assert found == set(labels)  # every label, whole
        assert len(traffic) == 1 if count == 3 else len(traffic) >= count // 30


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "Study,D1,D2,Overall\nKolev et al,Low,Low,Low\n",
            "4 columns; ROB2 needs Study, D1, D2, D3, D4, D5, Overall",
        ),
        (
            "Study,D1,D2,D3,D4,D5,Overall\nKolev et al,Low,Low,Low,Low,Low,Pretty bad\n",
            "line 2, column Overall: 'Pretty bad' is not a judgement of ROB2 (Low, Some concerns,"
            " High, No information, Not applicable)",
        ),
        (
            "Study,D1,D2,D3,D4,D5,Overall\nKolev et al,Low,Low,Low,Low,Low\n",
            "line 2: 6 values, ROB2 needs 7",
        ),
        (
            "Study,D1,D2,D3,D4,D5,Overall\nNobody,Low,Low,Low,Low,Low,Low\n",
            "line 2: unknown study 'Nobody'",
        ),
    ],
)
def test_malformed_robvis_files_are_refused(demo_path, tmp_path, capsys, content, message):
    source = tmp_path / "bad.csv"
    source.write_text(content)
    before = dump(demo_path)
    code, _, err = run_cli(
        capsys, "import", "rob", demo_path, source, "--tool", "ROB2", "--reviewer", "Alice Moreau"
    )
    assert code == 1 and message in err and str(source) in err
    assert dump(demo_path) == before


def test_two_reviewers_compared_per_result_and_resolved(demo_path, tmp_path, capsys):
    for reviewer, overall in (("Alice Moreau", "Low"), ("Ben Okafor", "High")):
        source = tmp_path / f"{reviewer}.csv"
        source.write_text(
            "Study,D1,D2,D3,D4,D5,Overall\n"
            f"Burak et al (ALT at 6 months),Low,Low,Low,Low,Low,{overall}\n"
            "Burak et al (Remission),Low,Low,Low,Low,Low,Low\n"
        )
        args = ("import", "rob", demo_path, source, "--tool", "ROB2", "--reviewer", reviewer)
        assert run_cli(capsys, *args)[0] == 0
    found = [
        c
        for c in json.loads(run_cli(capsys, "conflicts", demo_path, "--json")[1])
        if c["form"] == "rob2"
    ]
    assert [(c["study"], c["result"], c["field"], c["a"], c["b"]) for c in found] == [
        ("Burak et al", "ALT at 6 months", "overall_judgement", "Low", "High")
    ]
    code, _, err = run_cli(
        capsys,
        "resolve",
        demo_path,
        "--study",
        "Burak et al",
        "--field",
        "overall_judgement",
        "--form",
        "rob2",
        "--result",
        "ALT at 6 months",
        "--take",
        "B",
        "--reason",
        "unblinded assessors",
    )
    assert code == 0, err
    out = tmp_path / "consensus.csv"
    assert (
        run_cli(
            capsys, "export", "rob", demo_path, "-o", out, "--source", "consensus", "--tool", "ROB2"
        )[0]
        == 0
    )
    assert "Burak et al (ALT at 6 months),Low,Low,Low,Low,Low,High,1" in out.read_text()
    assert "Burak et al (Remission),Low,Low,Low,Low,Low,Low,1" in out.read_text()


def test_quadas2_draws_applicability_beside_risk_of_bias():
    quadas = builtin_instrument("QUADAS-2")
    rows = [
        Assessment(
            "Index test study",
            {
                "D1": "Low",
                "D2": "High",
                "D3": "Low",
                "D4": "Some concerns",
                "Overall": "High",
                "A1": "Low",
                "A2": "High",
                "A3": "Low",
            },
        ),
    ]
    with pymupdf.open(stream=rob_pdf(quadas, rows), filetype="pdf") as document:
        traffic, summary = (" ".join(page.get_text().split()) for page in document)
    assert "Risk of bias" in traffic and "Applicability concerns" in traffic and "A3" in traffic
    assert "A1: Applicability: patient selection" in summary and "D4: Flow and timing" in summary


def test_robvis_judgements_no_information_and_a_weight_of_zero_come_back_as_written(
    tmp_path, capsys
):
    project = tmp_path / "q.extractor"
    run_cli(capsys, "new", project, "--title", "Q")
    studies = tmp_path / "studies.csv"
    studies.write_text("label,ref\nA et al,1\nB et al,2\n")
    run_cli(capsys, "import", "studies", project, studies)
    robvis = tmp_path / "quadas.csv"
    robvis.write_text(
        "Study,D1,D2,D3,D4,Overall,Weight\n"
        "A et al,Low,No information,High,Low,High,0\n"
        "B et al,Low,Low,Low,Low,Low,2.5\n"
    )
    code, _, err = run_cli(
        capsys, "import", "rob", project, robvis, "--tool", "QUADAS-2", "--reviewer", "Ann"
    )
    assert code == 0, err
    out = tmp_path / "out.csv"
    assert run_cli(capsys, "export", "rob", project, "--tool", "QUADAS-2", "-o", out)[0] == 0
    lines = out.read_text().splitlines()
    assert lines[1].startswith("A et al,Low,No information,High,Low,High,")
    assert lines[1].endswith(",0") and lines[2].endswith(",2.5")


ROBVIS_DATA = Path(__file__).parent / "fixtures" / "robvis"


@pytest.mark.parametrize(
    ("data", "tool"),
    [
        ("data_rob2", "ROB2"),
        ("data_robins_i", "ROBINS-I"),
        ("data_robins_e", "ROBINS-E"),
        ("data_quadas", "QUADAS-2"),
        ("data_quips", "QUIPS"),
        ("data_rob1", "Generic"),  # RoB 1's seven named domains, in the generic tool
    ],
)
def test_robvis_own_data_sets_import_and_give_the_shares_robvis_draws(tmp_path, capsys, data, tool):
    import csv
    from collections import Counter

    source = ROBVIS_DATA / f"{data}.csv"
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], [row for row in rows[1:] if row]
    project = tmp_path / "r.extractor"
    run_cli(capsys, "new", project, "--title", "R")
    studies = tmp_path / "studies.csv"
    studies.write_text("label,ref\n" + "".join(f"{r[0]},{n}\n" for n, r in enumerate(body, 1)))
    run_cli(capsys, "import", "studies", project, studies)
    code, _, err = run_cli(
        capsys, "import", "rob", project, source, "--tool", tool, "--reviewer", "Ann"
    )
    assert code == 0, err
    code, out, err = run_cli(capsys, "rob", "summary", project, "--tool", tool, "--json")
    assert code == 0, err
    found = json.loads(out)["domains"]
    bias = [d for d in found if d["domain"]][: len(header) - 1]
    for column, domain in zip(range(1, len(header)), bias, strict=True):
        counts = Counter(row[column] for row in body)
        expected = sorted(round(100 * n / len(body), 2) for n in counts.values())
        assert sorted(domain["shares"].values()) == expected, (header[column], domain)
    if tool == "Generic":  # the domains keep robvis's names
        names = [d["title"] for d in found]
        assert "Random sequence generation" in names and "Other sources of bias" in names


def test_the_generic_tool_takes_back_its_own_export_and_keeps_its_domain_names(tmp_path, capsys):
    project = tmp_path / "g.extractor"
    run_cli(capsys, "new", project, "--title", "G")
    studies = tmp_path / "studies.csv"
    studies.write_text("label,ref\nA et al,1\n")
    run_cli(capsys, "import", "studies", project, studies)
    named = tmp_path / "named.csv"
    named.write_text("Study,Selection,Blinding,Overall\nA et al,Low,High,High\n")
    assert (
        run_cli(capsys, "import", "rob", project, named, "--tool", "Generic", "--reviewer", "Ann")[
            0
        ]
        == 0
    )
    exported = tmp_path / "out.csv"
    run_cli(capsys, "export", "rob", project, "--tool", "Generic", "-o", exported)
    assert exported.read_text().splitlines()[0] == "Study,D1,D2,Overall,Weight"
    code, _, err = run_cli(
        capsys, "import", "rob", project, exported, "--tool", "Generic", "--reviewer", "Bob"
    )
    assert code == 0, err
    code, out, _ = run_cli(capsys, "rob", "summary", project, "--tool", "Generic", "--json")
    assert [d["title"] for d in json.loads(out)["domains"]][:2] == ["Selection", "Blinding"]


def test_the_summary_names_every_domain_whole_and_its_legend_stays_on_the_page(tmp_path, capsys):
    import pymupdf

    source = ROBVIS_DATA / "data_robins_e.csv"
    body = [line.split(",")[0] for line in source.read_text().splitlines()[1:] if line]
    project = tmp_path / "e.extractor"
    run_cli(capsys, "new", project, "--title", "E")
    studies = tmp_path / "studies.csv"
    studies.write_text("label,ref\n" + "".join(f"{name},{n}\n" for n, name in enumerate(body, 1)))
    run_cli(capsys, "import", "studies", project, studies)
    run_cli(capsys, "import", "rob", project, source, "--tool", "ROBINS-E", "--reviewer", "Ann")
    out = tmp_path / "e.pdf"
    assert run_cli(capsys, "export", "rob", project, "--tool", "ROBINS-E", "-o", out)[0] == 0
    with pymupdf.open(out) as document:
        page = document[-1]
        text = " ".join(page.get_text().split())
        words = page.get_text("words")
        right = page.rect.width
    assert "D3: Bias in selection of participants into the study (or into the analysis)" in text
    assert "…" not in text
    for level in ("Low", "Some concerns", "High", "Very high", "No information"):
        assert level in text
    assert all(word[2] <= right - 10 for word in words)  # nothing runs off the page
