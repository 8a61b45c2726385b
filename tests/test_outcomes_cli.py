"""Outcome data from the command line: the long CSV in and out, dual extraction and
consensus, `meta` against metafor, forest plots and the calculators."""

from __future__ import annotations

import csv
import io
import json
import math

import pymupdf
import pytest

from bcg import BCG, LONG_HEADER, long_rows
from extractor.app.project import open_project
from extractor.app.review import conflict_rows

from helpers import dump, run_cli


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def outcome_project(tmp_path, capsys, labels, rows):
    """A new project with these studies and Ana's outcome data `rows` (a header first)."""
    project = tmp_path / "outcomes.extractor"
    run_cli(capsys, "new", project, "--title", "Outcomes")
    studies = write_csv(tmp_path / "studies.csv", [["label"]] + [[label] for label in labels])
    run_cli(capsys, "import", "studies", project, studies)
    outcomes = write_csv(tmp_path / "outcomes.csv", rows)
    code, out, err = run_cli(capsys, "import", "outcomes", project, outcomes, "--reviewer", "Ana")
    assert code == 0, err
    return project, out


@pytest.fixture
def bcg(tmp_path, capsys):
    project, out = outcome_project(
        tmp_path, capsys, [b[0] for b in BCG], [LONG_HEADER, *long_rows()]
    )
    assert "of 13 studies: 26 rows added, 0 updated" in out
    setting = write_csv(
        tmp_path / "setting.csv", [["study", "setting"]] + [[b[0], b[5]] for b in BCG]
    )
    assert run_cli(capsys, "import", "extractions", project, setting, "--reviewer", "Ana")[0] == 0
    return project


def meta_json(capsys, project, *extra):
    code, out, err = run_cli(
        capsys, "meta", project, "--outcome", "tuberculosis", "--measure", "RR",
        "--experimental", "BCG", "--control", "control", "--json", *extra,
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def test_meta_reproduces_metafor_on_bcg(bcg, capsys):
    reml = meta_json(capsys, bcg)
    assert reml["k"] == 13 and reml["measure"] == "RR" and reml["method"] == "REML"
    assert reml["estimate"] == pytest.approx(-0.7145323484, abs=1e-4)
    assert reml["se"] == pytest.approx(0.1797815318, abs=1e-4)
    assert reml["tau2"] == pytest.approx(0.3132433260, abs=1e-4)
    assert reml["i2"] == pytest.approx(92.2213860750, abs=1e-4)
    assert reml["q"] == pytest.approx(152.2330080824, abs=1e-4)
    assert reml["pi_low"] == pytest.approx(-1.8666923466, abs=1e-4)
    assert [s["study"] for s in reml["studies"]] == [b[0] for b in BCG]
    assert reml["studies"][0]["yi"] == pytest.approx(-0.8893113339, abs=1e-8)
    assert sum(s["weight"] for s in reml["studies"]) == pytest.approx(100)
    fixed = meta_json(capsys, bcg, "--method", "FE")
    assert (fixed["estimate"], fixed["se"]) == pytest.approx(
        (-0.4302851637, 0.0404987517), abs=1e-4
    )
    assert fixed["pi_low"] is None
    dl = meta_json(capsys, bcg, "--method", "DL", "--hksj")
    assert dl["ci_low"] == pytest.approx(-1.1078213542, abs=1e-4)
    mh = meta_json(capsys, bcg, "--method", "MH")
    assert mh["estimate"] == pytest.approx(-0.4537096047, abs=1e-4)


def test_subgroups_by_a_form_field(bcg, capsys):
    result = meta_json(capsys, bcg, "--subgroup", "setting")
    by_name = {s["subgroup"]: s for s in result["subgroups"]}
    assert by_name["random"]["estimate"] == pytest.approx(-0.9709644758, abs=1e-4)
    assert by_name["alternate"]["k"] == 2
    assert result["subgroup_test"]["q"] == pytest.approx(1.8614461412, abs=1e-4)
    assert result["subgroup_test"]["df"] == 2


def test_the_forest_plot_says_what_it_shows(bcg, tmp_path, capsys):
    out = tmp_path / "forest.pdf"
    code, stdout, err = run_cli(
        capsys, "meta", bcg, "--outcome", "Tuberculosis", "--measure", "RR",
        "--experimental", "BCG", "--control", "Control", "--subgroup", "setting", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    assert f"wrote {out}" in stdout
    with pymupdf.open(out) as document:
        assert document.page_count == 1
        page = document[0]
        assert page.rect.width > page.rect.height  # landscape
        text = page.get_text()
        words = {w[4] for w in page.get_text("words")}
    assert "Tuberculosis at End of trial: BCG vs Control" not in text  # no timepoint asked
    assert "Tuberculosis: BCG vs Control" in text
    for label, a, n1, *_ in BCG:
        assert label in text
        assert f"{a} / {n1}" in text
    assert "Overall (13 studies)" in text
    assert "Subtotal (7 studies)" in text
    assert "0.49 [0.34, 0.70]" in text  # exp of metafor's REML estimate and CI
    assert "Heterogeneity: τ² = 0.3132; Q = 152.23, df = 12 (p < 0.001); I² = 92%" in text
    assert "Test for subgroup differences: Q = 1.86, df = 2 (p = 0.394)" in text
    assert "prediction interval 0.15 to 1.55" in text
    assert {"Weight", "Study"} <= words
    assert "Draft:" in text  # the characteristics are not extracted yet


def test_a_forest_plot_geometry_puts_each_box_at_its_estimate(bcg, tmp_path, capsys):
    out = tmp_path / "forest.pdf"
    run_cli(
        capsys, "meta", bcg, "--outcome", "Tuberculosis", "--measure", "RR",
        "--experimental", "BCG", "--control", "Control", "--method", "FE", "-o", out,
    )  # fmt: skip
    with pymupdf.open(out) as document:
        page = document[0]
        drawings = page.get_drawings()
        text = page.get_text()
        ticks = {w[4]: (w[0] + w[2]) / 2 for w in page.get_text("words") if w[4] in {"0.5", "1"}}
    # A fixed-effect model estimates no τ², so the heterogeneity line names none.
    assert "Heterogeneity: Q = 152.23, df = 12 (p < 0.001); I² = 92%" in text
    # Squares: filled rectangles; their centres on the log axis between the ticks 0.5 and 1.
    boxes = [
        d["rect"]
        for d in drawings
        if d.get("fill")
        and d["items"][0][0] == "re"
        and abs(d["rect"].width - d["rect"].height) < 0.05
    ]
    assert len(boxes) == len(BCG)
    scale = (ticks["1"] - ticks["0.5"]) / math.log(2)
    aronson = min(boxes, key=lambda r: r.y0)  # the first row, on top
    expected = ticks["1"] + scale * math.log(math.exp(-0.8893113339))
    assert (aronson.x0 + aronson.x1) / 2 == pytest.approx(expected, abs=0.6)
    # The bigger the weight, the bigger the box: TPT Madras weighs most under FE.
    assert max(boxes, key=lambda r: r.width).y0 == sorted(boxes, key=lambda r: r.y0)[7].y0


def test_a_png_forest_plot(bcg, tmp_path, capsys):
    out = tmp_path / "forest.png"
    code, _, err = run_cli(
        capsys, "meta", bcg, "--outcome", "Tuberculosis", "--measure", "OR",
        "--experimental", "BCG", "--control", "Control", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_many_studies_continue_on_further_pages(tmp_path, capsys):
    labels = [f"A study with a long label that wraps onto two lines, number {n}" for n in range(60)]
    rows = [LONG_HEADER]
    for n, label in enumerate(labels):
        rows += [[label, "Death", "", "A", 50, 5 + n % 7], [label, "Death", "", "B", 50, 8]]
    project, _ = outcome_project(tmp_path, capsys, labels, rows)
    out = tmp_path / "forest.pdf"
    code, _, err = run_cli(
        capsys, "meta", project, "--outcome", "Death", "--measure", "RD",
        "--experimental", "A", "--control", "B", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    with pymupdf.open(out) as document:
        assert document.page_count >= 3
        texts = [page.get_text() for page in document]
    assert "(continued, page 2 of" in texts[1]
    assert all("Study" in text and "Weight" in text for text in texts)  # the header repeats
    assert "Overall (60 studies)" in texts[-1]
    assert "Overall" not in texts[0]
    joined = " ".join(" ".join(t.split()) for t in texts)
    assert all(label in joined for label in labels)  # wrapped, never cut


def test_long_csv_round_trips_into_another_reviewer_without_conflicts(bcg, tmp_path, capsys):
    out = tmp_path / "long.csv"
    code, _, err = run_cli(capsys, "export", "outcomes", bcg, "-o", out)
    assert code == 0, err
    records = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert records[0]["study"] == "Aronson 1948"
    assert (records[0]["arm"], records[0]["events"], records[0]["n"]) == ("BCG", "4", "123")
    assert "quotes" in records[0]
    code, _, err = run_cli(capsys, "import", "outcomes", bcg, out, "--reviewer", "Ben")
    assert code == 0, err
    code, stdout, _ = run_cli(capsys, "conflicts", bcg, "--json")
    assert [c for c in json.loads(stdout) if "dichotomous" in c["field"]] == []


def test_rows_pair_by_outcome_timepoint_and_arm_and_numbers_by_value(bcg, tmp_path, capsys):
    rows = long_rows(reverse=True)  # Ben entered Control before BCG
    rows[0][4] = f"{rows[0][4]}.0"  # and wrote 139.0 for 139
    rows[1][5] = 5  # and read Aronson's BCG events as 5, not 4
    theirs = write_csv(tmp_path / "ben.csv", [LONG_HEADER, *rows])
    assert run_cli(capsys, "import", "outcomes", bcg, theirs, "--reviewer", "Ben")[0] == 0
    code, stdout, _ = run_cli(capsys, "conflicts", bcg, "--json")
    found = [c for c in json.loads(stdout) if c["field"].startswith("dichotomous")]
    assert [(c["study"], c["field"], c["a"], c["b"]) for c in found] == [
        ("Aronson 1948", "dichotomous[1].events", 4, 5)
    ]
    # The conflict view names the row by its outcome, time point and arm.
    with open_project(bcg) as project:
        [row] = [r for r in conflict_rows(project) if r.path.startswith("dichotomous")]
    assert row.label == "Dichotomous outcomes › Events (Tuberculosis, End of trial, BCG)"
    # Until it is decided, the analysis leaves Aronson out and says why.
    result = meta_json(capsys, bcg)
    aronson = result["studies"][0]
    assert aronson["excluded"] == "in conflict: BCG events"
    assert result["k"] == 12
    code, _, err = run_cli(
        capsys, "resolve", bcg, "--study", "Aronson 1948", "--field", "dichotomous[1].events",
        "--take", "A",
    )  # fmt: skip
    assert code == 0, err
    assert meta_json(capsys, bcg)["k"] == 13


def test_reimporting_replaces_rows_with_the_same_key_and_keeps_the_rest(bcg, tmp_path, capsys):
    update = write_csv(
        tmp_path / "update.csv",
        [
            LONG_HEADER + ["derivation"],
            ["Aronson 1948", "Tuberculosis", "End of trial", "BCG", 123, 6, "recounted"],
            ["Aronson 1948", "Death", "End of trial", "BCG", 123, 1, ""],
        ],
    )
    code, out, err = run_cli(capsys, "import", "outcomes", bcg, update, "--reviewer", "Ana")
    assert code == 0, err
    assert "of 1 study: 1 row added, 1 updated" in out
    exported = tmp_path / "long.csv"
    run_cli(capsys, "export", "outcomes", bcg, "-o", exported, "--source", "Ana")
    aronson = [
        r for r in csv.DictReader(exported.open(encoding="utf-8")) if r["study"] == "Aronson 1948"
    ]
    assert [(r["outcome"], r["arm"], r["events"], r["derivation"]) for r in aronson] == [
        ("Tuberculosis", "BCG", "6", "recounted"),
        ("Tuberculosis", "Control", "11", ""),
        ("Death", "BCG", "1", ""),
    ]


def test_every_reviewer_at_once_is_refused_for_one_file(bcg, tmp_path, capsys):
    code, _, err = run_cli(
        capsys, "export", "outcomes", bcg, "-o", tmp_path / "x.csv", "--source", "all"
    )
    assert code == 1 and "name a reviewer" in err
    assert not (tmp_path / "x.csv").exists()


def test_wide_pairs_face_the_same_way_and_studies_without_data_keep_their_note(tmp_path, capsys):
    rows = [
        LONG_HEADER,
        ["First", "Death", "", "Drug", 50, 4],
        ["First", "Death", "", "Placebo", 50, 9],
        ["Second", "Death", "", "Placebo", 40, 8],  # entered the other way round
        ["Second", "Death", "", "Drug", 40, 3],
    ]
    project, _ = outcome_project(tmp_path, capsys, ["First", "Second", "Third"], rows)
    wide = tmp_path / "metafor.csv"
    assert run_cli(capsys, "export", "outcomes", project, "-o", wide, "--layout", "metafor")[0] == 0
    found = list(csv.DictReader(wide.open(encoding="utf-8")))
    assert [(r["study"], r["experimental"], r["control"], r["ai"], r["ci"]) for r in found[:2]] == [
        ("First", "Drug", "Placebo", "4", "9"),
        ("Second", "Drug", "Placebo", "3", "8"),
    ]
    assert (found[2]["study"], found[2]["outcome"], found[2]["ai"]) == (
        "Third",
        "[not extracted]",
        "NA",
    )


def test_wide_layouts_for_metafor_and_meta(bcg, tmp_path, capsys):
    wide = tmp_path / "metafor.csv"
    assert run_cli(capsys, "export", "outcomes", bcg, "-o", wide, "--layout", "metafor")[0] == 0
    first = next(csv.DictReader(wide.open(encoding="utf-8")))
    assert (first["experimental"], first["control"]) == ("BCG", "Control")
    assert [first[k] for k in ("ai", "bi", "ci", "di", "n1i", "n2i")] == [
        "4",
        "119",
        "11",
        "128",
        "123",
        "139",
    ]
    assert first["m1i"] == "NA" and first["yi"] == "NA"
    meta = tmp_path / "meta.csv"
    assert run_cli(capsys, "export", "outcomes", bcg, "-o", meta, "--layout", "meta")[0] == 0
    first = next(csv.DictReader(meta.open(encoding="utf-8")))
    assert [first[k] for k in ("studlab", "event.e", "n.e", "event.c", "n.c")] == [
        "Aronson 1948",
        "4",
        "123",
        "11",
        "139",
    ]


def test_continuous_and_reported_estimates(tmp_path, capsys):
    rows = [
        [
            "study",
            "outcome",
            "timepoint",
            "arm",
            "n",
            "mean",
            "sd",
            "measure",
            "estimate",
            "ci_low",
            "ci_high",
            "unit",
        ],
        ["Edinburgh", "Stay", "", "Stroke unit", 155, 55, 47, "", "", "", "", "days"],
        ["Edinburgh", "Stay", "", "General ward", 156, 75, 64, "", "", "", "", "days"],
        ["Orpington", "Stay", "", "Stroke unit", 31, 27, 7, "", "", "", "", "days"],
        ["Orpington", "Stay", "", "General ward", 32, 29, 4, "", "", "", "", "days"],
        ["Cohort X", "Stay", "", "Stroke unit vs General ward", "", "", "", "MD", -10, -20, 0, ""],
    ]
    project, _ = outcome_project(tmp_path, capsys, ["Edinburgh", "Orpington", "Cohort X"], rows)
    code, out, err = run_cli(
        capsys, "meta", project, "--outcome", "Stay", "--measure", "MD", "--experimental",
        "Stroke unit", "--control", "General ward", "--method", "FE", "--json",
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    assert "different units" not in err
    assert [s["yi"] for s in result["studies"]][:2] == [-20, -2]
    assert result["studies"][2]["vi"] == pytest.approx((20 / (2 * 1.959964)) ** 2, rel=1e-6)
    code, out, _ = run_cli(
        capsys, "meta", project, "--outcome", "Stay", "--measure", "SMD", "--experimental",
        "Stroke unit", "--control", "General ward", "--json",
    )  # fmt: skip
    smd = json.loads(out)
    assert smd["studies"][0]["yi"] == pytest.approx(-0.3551696409, abs=1e-9)
    assert smd["studies"][2]["excluded"] == "no data for SMD (found MD as reported)"
    # Orpington counted its stay in weeks: a mean difference says the units differ.
    weeks = write_csv(
        tmp_path / "weeks.csv",
        [rows[0], ["Orpington", "Stay", "", "Stroke unit", 31, 3.9, 1, "", "", "", "", "weeks"]],
    )
    assert run_cli(capsys, "import", "outcomes", project, weeks, "--reviewer", "Ana")[0] == 0
    code, _, err = run_cli(
        capsys, "meta", project, "--outcome", "Stay", "--measure", "MD", "--experimental",
        "Stroke unit", "--control", "General ward", "--json",
    )  # fmt: skip
    assert code == 0
    assert (
        "Stay is measured in different units: days (Edinburgh, Orpington); weeks (Orpington)" in err
    )


def test_a_bad_file_is_refused_whole_with_every_problem(bcg, tmp_path, capsys):
    before = dump(bcg)
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            LONG_HEADER + ["colour"],
            ["Nobody 2020", "Death", "", "A", 10, 1, ""],
            ["Aronson 1948", "Death", "", "A", "ten", 1, ""],
            ["Aronson 1948", "", "", "A", 10, 1, ""],
        ],
    )
    code, _, err = run_cli(capsys, "import", "outcomes", bcg, bad, "--reviewer", "Ana")
    assert code == 1
    assert "column 'colour' is not one of the long layout's" in err
    bad = write_csv(tmp_path / "bad.csv", [LONG_HEADER, *[row[:6] for row in [
        ["Nobody 2020", "Death", "", "A", 10, 1],
        ["Aronson 1948", "Death", "", "A", "ten", 1],
        ["Aronson 1948", "", "", "A", 10, 1],
    ]]])  # fmt: skip
    code, _, err = run_cli(capsys, "import", "outcomes", bcg, bad, "--reviewer", "Ana")
    assert code == 1
    assert "bad.csv, line 2: unknown study 'Nobody 2020'" in err
    assert "bad.csv, line 3: column 'n': 'ten' is not a whole number" in err
    assert "bad.csv, line 4: the outcome cell is empty" in err
    assert dump(bcg) == before


def test_calculators(capsys):
    code, out, _ = run_cli(capsys, "calc", "sd", "--ci", "1.2", "3.4", "--n", "25")
    assert code == 0
    assert out.splitlines()[0] == "SD 2.66486"
    assert "t(24 df)" in out
    code, out, _ = run_cli(capsys, "calc", "sd", "--se", "2.3", "--n", "25", "--json")
    assert json.loads(out) == {"sd": pytest.approx(11.5), "method": "SD = SE × √n (SE 2.3, n 25)"}
    code, out, _ = run_cli(
        capsys, "calc", "mean-sd", "--n", "30", "--median", "15", "--q1", "12", "--q3", "21",
        "--min", "2", "--max", "40", "--json",
    )  # fmt: skip
    found = json.loads(out)
    assert (found["mean"], found["sd"]) == pytest.approx((16.7625655838, 8.5048493765), abs=1e-9)
    assert "Shi et al. 2020" in found["sd_method"]
    code, _, err = run_cli(capsys, "calc", "mean-sd", "--n", "30", "--median", "15", "--q1", "12")
    assert code == 1 and "both quartiles" in err
    code, out, _ = run_cli(
        capsys, "calc", "combine", "--n1", "20", "--mean1", "10", "--sd1", "2",
        "--n2", "30", "--mean2", "12", "--sd2", "3", "--json",
    )  # fmt: skip
    combined = json.loads(out)
    assert (combined["n"], combined["mean"]) == (50, pytest.approx(11.2))
    assert combined["sd"] == pytest.approx(2.8030595529, abs=1e-9)


def test_outcome_data_travels_in_a_reviewers_package(bcg, tmp_path, capsys):
    copy, package = tmp_path / "ben.extractor", tmp_path / "ben.zip"
    assert run_cli(capsys, "share", bcg, "--reviewer", "Ben", "-o", copy)[0] == 0
    rows = long_rows(reverse=True)
    rows[2][5] = 7  # Ben reads Ferguson's control events as 7, not 29
    theirs = write_csv(tmp_path / "ben.csv", [LONG_HEADER, *rows])
    assert run_cli(capsys, "import", "outcomes", copy, theirs, "--reviewer", "Ben")[0] == 0
    assert run_cli(capsys, "package", "export", copy, "--reviewer", "Ben", "-o", package)[0] == 0
    code, _, err = run_cli(capsys, "package", "import", bcg, package)
    assert code == 0, err
    code, stdout, _ = run_cli(capsys, "conflicts", bcg, "--json")
    found = [c for c in json.loads(stdout) if c["field"].startswith("dichotomous")]
    assert [(c["study"], c["a"], c["b"]) for c in found] == [("Ferguson & Simes 1949", 29, 7)]
    assert found[0]["field"] == "dichotomous[2].events"


def test_export_all_writes_outcome_data_kept_analyses_and_the_r_script(bcg, tmp_path, capsys):
    run_cli(
        capsys, "meta", bcg, "--outcome", "Tuberculosis", "--measure", "RR", "--experimental",
        "BCG", "--control", "Control", "--subgroup", "setting", "-o", tmp_path / "forest.pdf",
    )  # fmt: skip
    out = tmp_path / "all"
    code, _, err = run_cli(capsys, "export", "all", bcg, "-o", out)
    assert code == 0, err
    stem = "meta-tuberculosis-bcg-vs-control-rr"
    names = {path.name for path in out.iterdir()}
    assert {"outcomes-long.csv", "outcomes-metafor.csv", "outcomes-meta.csv", "analysis.R"} <= names
    assert {f"{stem}.pdf", f"{stem}.csv", f"{stem}.json"} <= names
    result = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    assert result["estimate"] == pytest.approx(-0.7145323484, abs=1e-4)
    data = list(csv.DictReader((out / f"{stem}.csv").open(encoding="utf-8")))
    assert [data[0][k] for k in ("study", "subgroup", "ai", "n1i", "ci", "n2i")] == [
        "Aronson 1948", "random", "4", "123", "11", "139",
    ]  # fmt: skip
    script = (out / "analysis.R").read_text(encoding="utf-8")
    assert f'd <- numbers(read.csv("{stem}.csv"' in script
    assert "control = CONTROL" in script
    assert 'method = "REML"' in script
    assert "estimate = -0.71453" in script
    assert "mods = ~ factor(names(est))" in script  # the test for subgroup differences
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["failed"] == []


def test_the_forest_plot_shows_each_study_s_risk_of_bias(bcg, tmp_path, capsys):
    judged = ["Low", "Some concerns", "High"]
    robvis = tmp_path / "rob.csv"
    lines = ["Study,D1,D2,D3,D4,D5,Overall"]
    # Every study but the last judged; the last has no assessment at all.
    for n, (label, *_) in enumerate(BCG[:-1]):
        level = judged[n % 3]
        lines.append(f'"{label}",{level},Low,Low,Low,Low,{level}')
    robvis.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run_cli(
        capsys, "import", "rob", bcg, robvis, "--tool", "ROB2", "--reviewer", "Ana"
    )
    assert code == 0, err
    out = tmp_path / "forest.pdf"
    run_cli(
        capsys, "meta", bcg, "--outcome", "Tuberculosis", "--measure", "RR",
        "--experimental", "BCG", "--control", "Control", "-o", out,
    )  # fmt: skip
    with pymupdf.open(out) as document:
        page = document[0]
        text = page.get_text()
        circles = [
            d
            for d in page.get_drawings()
            if d.get("fill") and len(d["items"]) >= 4 and all(i[0] == "c" for i in d["items"])
        ]
    assert "Risk of bias (ROB2)" in text
    assert all(f"D{n}" in text for n in range(1, 6)) and "All" in text
    # Six dots (five domains and overall) a study; the one not assessed says so with "?".
    assert len(circles) == 13 * 6
    assert "? not assessed" in " ".join(text.split())
    assert text.count("?") == 6 + 1


def test_each_number_keeps_its_quote_into_the_long_csv(bcg, tmp_path, capsys):
    from extractor.app import extraction
    from extractor.app.desktop import ReviewerProfile
    from extractor.app.project import open_project
    from extractor.app.studies import attach_pdf
    from extractor.core.model import Evidence

    from pdfs import text_pdf

    paper = tmp_path / "aronson.pdf"
    paper.write_bytes(text_pdf(pages=2, text="4 of 123 vaccinated children developed TB."))
    profile = ReviewerProfile.new("Quinn Quoter")
    with open_project(bcg) as project:
        with project.reading() as repo:
            study = repo.studies.find("Aronson 1948")
        document = attach_pdf(project, study.id, paper)
        quote = Evidence(document.id, 2, ((72.0, 60.0, 90.0, 75.0),), "4 of 123")
        extraction.edit_rows(project, profile, study.id, "characteristics", "dichotomous", "add")
        for path, value in (
            ("dichotomous[1].outcome", "Tuberculosis"),
            ("dichotomous[1].arm", "BCG"),
        ):
            extraction.save_value(project, profile, study.id, "characteristics", path, value)
        extraction.save_quote(
            project, profile, study.id, "characteristics", "dichotomous[1].events", quote, 4, True
        )
    out = tmp_path / "quinn.csv"
    code, _, err = run_cli(capsys, "export", "outcomes", bcg, "-o", out, "--source", "Quinn Quoter")
    assert code == 0, err
    aronson = next(
        r for r in csv.DictReader(out.open(encoding="utf-8")) if r["study"] == "Aronson 1948"
    )
    assert (aronson["arm"], aronson["events"]) == ("BCG", "4")
    assert aronson["quotes"] == "events: “4 of 123” (aronson.pdf p. 2)"


def test_an_import_updates_only_what_the_file_gives_and_refuses_what_it_cannot_tell(
    bcg, tmp_path, capsys
):
    with_derivation = write_csv(
        tmp_path / "first.csv",
        [
            LONG_HEADER + ["derivation"],
            ["Aronson 1948", "Death", "", "BCG", 123, 1, "from Table 2"],
        ],
    )
    assert run_cli(capsys, "import", "outcomes", bcg, with_derivation, "--reviewer", "Ana")[0] == 0
    # A file without the derivation column leaves the derivation as it was.
    events_only = write_csv(
        tmp_path / "second.csv", [LONG_HEADER, ["Aronson 1948", "Death", "", "BCG", 123, 2]]
    )
    code, out, _ = run_cli(capsys, "import", "outcomes", bcg, events_only, "--reviewer", "Ana")
    assert code == 0 and "0 rows added, 1 updated" in out
    exported = tmp_path / "ana.csv"
    run_cli(capsys, "export", "outcomes", bcg, "-o", exported, "--source", "Ana")
    death = next(
        r for r in csv.DictReader(exported.open(encoding="utf-8")) if r["outcome"] == "Death"
    )
    assert (death["events"], death["derivation"], death["type"]) == (
        "2",
        "from Table 2",
        "dichotomous",
    )

    before = dump(bcg)
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            LONG_HEADER,
            ["Aronson 1948", "Death", "", "BCG", 123, ""],
            ["Ferguson & Simes 1949", "Death", "", "BCG", 306, 3],
            ["Ferguson & Simes 1949", "death", "", "bcg", 306, 4],
            ["Rosenthal et al 1960", "Death", "", "[in conflict]", 231, 3],
        ],
    )
    code, _, err = run_cli(capsys, "import", "outcomes", bcg, bad, "--reviewer", "Ana")
    assert code == 1
    assert "bad.csv, line 2: say whether the row is dichotomous or continuous" in err
    assert (
        "bad.csv, line 4: line 3 already gives death, no time point, bcg for 'Ferguson & Simes 1949'"
        in err
    )
    assert "bad.csv, line 5: the arm cell says [in conflict]; decide it first" in err
    assert dump(bcg) == before


def test_an_exported_file_imports_again_as_it_is(bcg, tmp_path, capsys):
    # A study with an arm whose events are not extracted yet, and studies with none.
    partial = write_csv(
        tmp_path / "partial.csv",
        [LONG_HEADER + ["type"], ["Aronson 1948", "Death", "", "BCG", 123, "", "dichotomous"]],
    )
    assert run_cli(capsys, "import", "outcomes", bcg, partial, "--reviewer", "Ben")[0] == 0
    exported = tmp_path / "ben.csv"
    assert run_cli(capsys, "export", "outcomes", bcg, "-o", exported, "--source", "Ben")[0] == 0
    records = list(csv.DictReader(exported.open(encoding="utf-8")))
    assert any(r["outcome"] == "[not extracted]" for r in records)
    code, out, err = run_cli(capsys, "import", "outcomes", bcg, exported, "--reviewer", "Ben")
    assert code == 0, err
    assert "0 rows added, 1 updated" in out
    with open_project(bcg) as project, project.reading() as repo:
        form = repo.forms.get("characteristics")
        ben = repo.reviewers.find("Ben")
        data = repo.answers.load(repo.studies.find("Aronson 1948").id, form, ben.id)
    assert data.groups["dichotomous"] == [
        {
            "outcome": "Death",
            "timepoint": None,
            "arm": "BCG",
            "events": None,
            "n": 123,
            "derivation": None,
        }
    ]
