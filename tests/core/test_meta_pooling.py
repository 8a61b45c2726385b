"""Effect sizes and pooling against metafor 3.8 (the values were computed once
with R; the suite does not need it)."""

from __future__ import annotations

import pytest

from bcg import BCG as TRIALS
from extractor.core.errors import ExtractorError
from extractor.core.meta.analysis import StudyInput, analyse
from extractor.core.meta.effect_sizes import (
    ArmCounts,
    ArmMeans,
    Measure,
    continuous_effect,
    dichotomous_effect,
    reported_effect,
)
from extractor.core.meta.pooling import Method, pool, pool_mantel_haenszel

TOL = 1e-4

# metafor's dat.bcg without the labels: events and totals of each arm, allocation.
BCG = [row[1:] for row in TRIALS]
# metafor's dat.normand1999: n, mean, SD of the experimental then the control arm.
NORMAND = [
    (155, 55, 47, 156, 75, 64),
    (31, 27, 7, 32, 29, 4),
    (75, 64, 17, 71, 119, 29),
    (18, 66, 20, 18, 137, 48),
    (8, 14, 8, 13, 18, 11),
    (57, 19, 7, 52, 18, 4),
    (34, 52, 45, 33, 41, 34),
    (110, 21, 16, 183, 31, 27),
    (60, 30, 27, 52, 23, 20),
]
# A sparse set of our own: a zero cell, and a study without events in either arm.
SPARSE = [(0, 20, 3, 21), (2, 25, 6, 24), (0, 30, 0, 30), (5, 40, 9, 41)]


def tables(rows: list[tuple[int, int, int, int, str]] | list[tuple[int, int, int, int]]):
    return [(ArmCounts(r[0], r[1]), ArmCounts(r[2], r[3])) for r in rows]


def effects(measure: Measure, rows) -> tuple[list[float], list[float]]:
    sizes = [dichotomous_effect(measure, e, c) for e, c in tables(rows)]
    return [s.yi for s in sizes], [s.vi for s in sizes]


def means(measure: Measure) -> tuple[list[float], list[float]]:
    sizes = [
        continuous_effect(measure, ArmMeans(m1, s1, n1), ArmMeans(m2, s2, n2))
        for n1, m1, s1, n2, m2, s2 in NORMAND
    ]
    return [s.yi for s in sizes], [s.vi for s in sizes]


def close(actual: float | None, expected: float) -> None:
    assert actual is not None
    assert actual == pytest.approx(expected, abs=TOL)


def test_bcg_log_risk_ratios_are_escalc_s():
    yi, vi = effects(Measure.RR, BCG)
    assert yi[:3] == pytest.approx([-0.8893113339, -1.5853886572, -1.3480731483], abs=1e-9)
    assert vi[:3] == pytest.approx([0.3255847650, 0.1945811214, 0.4153679654], abs=1e-9)
    or_yi, _ = effects(Measure.OR, BCG)
    assert or_yi[0] == pytest.approx(-0.9386941409, abs=1e-9)
    rd_yi, rd_vi = effects(Measure.RD, BCG)
    assert rd_yi[0] == pytest.approx(-0.0466163654, abs=1e-9)
    assert rd_vi[0] == pytest.approx(0.000780068664856, rel=1e-8)


@pytest.mark.parametrize(
    ("method", "hksj", "expected"),
    [
        # estimate, se, ci_low, ci_high, tau2, I², PI low, PI high
        (Method.FE, False, (-0.4302851637, 0.0404987517, -0.5096612584, -0.3509090689, 0, 92.1173468546, None, None)),
        (Method.DL, False, (-0.7141172221, 0.1787420895, -1.0644452801, -0.3637891641, 0.3087602629, 92.1173468546, -1.8581537527, 0.4299193086)),
        (Method.REML, False, (-0.7145323484, 0.1797815318, -1.0668976757, -0.3621670210, 0.3132433260, 92.2213860750, -1.8666923466, 0.4376276499)),
        # metafor finds PM's τ² to 1e-4 by default; these are from control=list(tol=1e-12).
        (Method.PM, False, (-0.7149681535, 0.1808921915, -1.0695103340, -0.3604259730, 0.3180684522, 92.3303379542, -1.8758070825, 0.4458707755)),
        (Method.REML, True, (-0.7145323484, 0.1807917455, -1.1084437230, -0.3206209737, 0.3132433260, 92.2213860750, -1.9960169670, 0.5669522703)),
        (Method.DL, True, (-0.7141172221, 0.1806966283, -1.1078213542, -0.3204130900, 0.3087602629, 92.1173468546, -1.9872069634, 0.5589725193)),
    ],
)  # fmt: skip
def test_bcg_pooled_as_metafor_rma(method, hksj, expected):
    yi, vi = effects(Measure.RR, BCG)
    result = pool(yi, vi, method, hksj=hksj)
    estimate, se, low, high, tau2, i2, pi_low, pi_high = expected
    for actual, value in (
        (result.estimate, estimate),
        (result.se, se),
        (result.ci_low, low),
        (result.ci_high, high),
        (result.tau2, tau2),
        (result.i2, i2),
    ):
        close(actual, value)
    close(result.q, 152.2330080824)
    assert result.q_df == 12
    assert result.q_p == pytest.approx(1.996764591e-26, rel=1e-4)
    if pi_low is None:
        assert result.pi_low is None and result.pi_high is None
    else:
        close(result.pi_low, pi_low)
        close(result.pi_high, pi_high)
    assert sum(result.weights) == pytest.approx(100)


def test_the_issue_s_bcg_figures():
    yi, vi = effects(Measure.RR, BCG)
    fixed, dl, reml = (pool(yi, vi, m) for m in (Method.FE, Method.DL, Method.REML))
    assert (round(fixed.estimate, 4), round(fixed.se, 4)) == (-0.4303, 0.0405)
    assert (round(dl.estimate, 4), round(dl.se, 4), round(dl.tau2, 4)) == (-0.7141, 0.1787, 0.3088)
    assert round(dl.i2, 2) == 92.12
    assert (round(reml.estimate, 4), round(reml.se, 4), round(reml.tau2, 4)) == (
        -0.7145,
        0.1798,
        0.3132,
    )
    assert round(reml.i2, 2) == 92.22


def test_random_effects_weights_are_metafor_s():
    yi, vi = effects(Measure.RR, BCG)
    weights = pool(yi, vi, Method.REML).weights
    assert weights[:4] == pytest.approx([5.05948308, 6.36467963, 4.43602776, 9.69874674], abs=TOL)


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        # estimate, se, Q, I², the first three weights
        (Measure.RR, (-0.4537096047, 0.0393373669, 152.5675535867, 92.1346316973, (0.65629543, 1.85184659, 0.71602964))),
        (Measure.OR, (-0.4734109884, 0.0410077784, 163.9425795692, 92.6803640448, (0.65652737, 1.87722549, 0.73074436))),
        (Measure.RD, (-0.0032881818, 0.0002866567, 386.7759418366, 96.8974285363, (0.07476571, 0.17443379, 0.12910468))),
    ],
)  # fmt: skip
def test_bcg_mantel_haenszel_as_metafor_rma_mh(measure, expected):
    result = pool_mantel_haenszel(measure, tables(BCG))
    estimate, se, q, i2, weights = expected
    close(result.estimate, estimate)
    assert result.se == pytest.approx(se, rel=1e-6)
    close(result.q, q)
    close(result.i2, i2)
    assert result.weights[:3] == pytest.approx(weights, abs=TOL)
    assert result.tau2 == 0 and result.pi_low is None


@pytest.mark.parametrize(
    ("measure", "yi", "vi"),
    [
        (Measure.OR, [-2.0485643031, -1.3437347467, 0.0, -0.6773988236], [2.3885488276, 0.7657004831, 4.0655737705, 0.3709325397]),
        (Measure.RR, [-1.8993901334, -1.1394342832, 0.0, -0.5630940523], [2.1926406926, 0.5850000000, 3.9354838710, 0.2617208672]),
        (Measure.RD, [-0.1352813853, -0.17, 0.0, -0.0945121951], [0.0071877461, 0.0107565000, 0.0010237991, 0.0069130723]),
    ],
)  # fmt: skip
def test_zero_cells_take_a_half_only_where_there_is_a_zero(measure, yi, vi):
    sizes = [dichotomous_effect(measure, e, c) for e, c in tables(SPARSE)]
    assert [s.yi for s in sizes] == pytest.approx(yi, abs=1e-9)
    assert [s.vi for s in sizes] == pytest.approx(vi, abs=1e-9)
    assert [bool(s.note) for s in sizes] == [True, False, True, False]


@pytest.mark.parametrize(
    ("measure", "dl", "mh"),
    [
        # DL: estimate, se, tau2, Q; MH: estimate, se, Q, Q df, weights
        (Measure.OR, (-0.9511931013, 0.4629166459, 0.0, 1.1300425346), (-1.1033516501, 0.4805952709, 0.9386457615, 2, (17.91505582, 34.47734213, 0.0, 47.60760205))),
        (Measure.RR, (-0.7956998747, 0.4003064074, 0.0, 1.1251354569), (-0.9380375512, 0.4159605443, 1.0279819551, 2, (16.31621138, 34.13085034, 0.0, 49.55293827))),
        (Measure.RD, (-0.0672963762, 0.0436274912, 0.0029415413, 4.8016333863), (-0.0945450772, 0.0393872909, 0.7601745884, 2, (17.74274835, 21.20853301, 25.98045294, 35.06826570))),
    ],
)  # fmt: skip
def test_sparse_data_pooled_as_metafor(measure, dl, mh):
    yi, vi = effects(measure, SPARSE)
    result = pool(yi, vi, Method.DL)
    for actual, value in zip((result.estimate, result.se, result.tau2, result.q), dl, strict=True):
        close(actual, value)
    by_mh = pool_mantel_haenszel(measure, tables(SPARSE))
    estimate, se, q, df, weights = mh
    close(by_mh.estimate, estimate)
    close(by_mh.se, se)
    close(by_mh.q, q)
    assert by_mh.q_df == df  # the study without events is left out of Q, as rma.mh does
    assert by_mh.weights == pytest.approx(weights, abs=TOL)


def test_hedges_g_and_mean_differences_as_metafor():
    yi, vi = means(Measure.SMD)
    assert yi[:3] == pytest.approx([-0.3551696409, -0.3479400227, -2.3175691602], abs=1e-9)
    assert vi[:3] == pytest.approx([0.0130646755, 0.0644688761, 0.0458121103], abs=1e-9)
    reml = pool(yi, vi, Method.REML)
    close(reml.estimate, -0.5371082586)
    close(reml.se, 0.3086614916)
    close(reml.tau2, 0.7908429210)
    close(reml.i2, 95.4949371131)
    close(reml.pi_low, -2.3820943448)
    pm = pool(yi, vi, Method.PM)
    close(pm.estimate, -0.5371719637)  # control=list(tol=1e-12), as above
    close(pm.se, 0.3092913683)
    close(pm.tau2, 0.7943301810)
    md_yi, md_vi = means(Measure.MD)
    assert md_yi[:2] == [-20, -2]
    assert md_vi[1] == pytest.approx(2.0806451613, abs=1e-9)
    dl = pool(md_yi, md_vi, Method.DL)
    close(dl.estimate, -13.9817218170)
    close(dl.se, 5.1266983392)
    assert dl.tau2 == pytest.approx(205.4093754679, rel=1e-6)
    fixed = pool(md_yi, md_vi, Method.FE)
    close(fixed.estimate, -3.4636126278)
    close(fixed.se, 0.7648275212)
    knha = pool(md_yi, md_vi, Method.REML, hksj=True)
    close(knha.estimate, -15.1060274744)
    close(knha.se, 9.1989087470)
    close(knha.ci_high, 6.1066941355)
    assert knha.tau2 == pytest.approx(684.6461528818, rel=1e-6)


def test_one_study_is_its_own_estimate():
    yi, vi = effects(Measure.RR, BCG[:1])
    result = pool(yi, vi, Method.REML)
    close(result.estimate, -0.8893113339)
    close(result.se, 0.5706003549)
    assert (result.tau2, result.i2, result.q, result.q_p) == (0, 0, 0, 1)
    assert (result.pi_low, result.pi_high) == (result.ci_low, result.ci_high)
    assert result.weights == (100.0,)


@pytest.mark.parametrize("method", [Method.DL, Method.REML, Method.PM])
def test_homogeneous_studies_give_tau2_zero(method):
    result = pool([0.10, 0.12, 0.11, 0.09], [0.04, 0.05, 0.03, 0.06], method)
    assert result.tau2 == 0
    close(result.estimate, 0.1059649123)
    close(result.se, 0.1025978352)
    close(result.q, 0.0096198830)
    assert result.q_p == pytest.approx(0.9997497809, abs=1e-8)
    assert result.i2 == 0
    assert (result.pi_low, result.pi_high) == (result.ci_low, result.ci_high)


def test_subgroups_and_the_test_for_their_difference():
    studies = [
        StudyInput(f"Study {n}", ArmCounts(a, n1), ArmCounts(c, n2), subgroup=alloc)
        for n, (a, n1, c, n2, alloc) in enumerate(BCG, start=1)
    ]
    analysis = analyse(studies, Measure.RR, Method.REML, by_subgroup=True)
    by_name = {s.name: s.pooled for s in analysis.subgroups}
    assert list(by_name) == ["random", "alternate", "systematic"]
    close(by_name["random"].estimate, -0.9709644758)
    close(by_name["random"].tau2, 0.3925265491)
    close(by_name["alternate"].estimate, -0.5407929618)
    close(by_name["systematic"].se, 0.3597453874)
    assert analysis.subgroup_test is not None
    close(analysis.subgroup_test.q, 1.8614461412)
    assert analysis.subgroup_test.df == 2
    close(analysis.subgroup_test.p, 0.3942685233)
    close(analysis.pooled.estimate, -0.7145323484)


def test_studies_without_data_stay_listed_with_the_reason():
    studies = [
        StudyInput("A", ArmCounts(4, 123), ArmCounts(11, 139)),
        StudyInput("B", ArmCounts(6, 306), ArmCounts(29, 303)),
        StudyInput("C", missing="not extracted yet"),
        StudyInput("D", ArmCounts(9, 5), ArmCounts(1, 10)),
        StudyInput("E", reported=reported_effect(Measure.RR, 0.5, ci_low=0.25, ci_high=1.0)),
    ]
    analysis = analyse(studies, Measure.RR, Method.DL)
    assert [s.excluded for s in analysis.studies][:3] == ["", "", "not extracted yet"]
    assert "not a 2x2 table" in analysis.studies[3].excluded
    assert analysis.pooled.k == 3
    assert sum(s.weight or 0 for s in analysis.studies) == pytest.approx(100)
    mh = analyse(studies, Measure.RR, Method.MH)
    assert mh.studies[4].excluded == "Mantel-Haenszel needs events and totals"
    assert mh.pooled.k == 2


def test_a_reported_ratio_is_pooled_on_the_log_scale():
    effect = reported_effect(Measure.HR, 0.5, ci_low=0.25, ci_high=1.0)
    assert effect.yi == pytest.approx(-0.6931471806)
    assert effect.se == pytest.approx(0.3536530, abs=1e-6)  # ln 4 / (2 × 1.959964)
    assert reported_effect(Measure.MD, -2.0, se=0.5).vi == 0.25


def test_what_cannot_be_pooled_is_refused_with_the_reason():
    with pytest.raises(ExtractorError, match="no study can be analysed: not extracted yet"):
        analyse([StudyInput("A", missing="not extracted yet")], Measure.OR)
    with pytest.raises(ExtractorError, match="Mantel-Haenszel pools OR, RR or RD"):
        analyse([StudyInput("A")], Measure.MD, Method.MH)
    with pytest.raises(ExtractorError, match="Hartung-Knapp"):
        pool([0.1, 0.2], [0.1, 0.1], Method.FE, hksj=True)
    with pytest.raises(ExtractorError, match="variance above 0"):
        pool([0.1, 0.2], [0.1, 0.0], Method.DL)


def test_a_subgroup_that_cannot_be_pooled_says_why_and_the_rest_go_on():
    no_events = [((0, 20), (3, 20)), ((0, 30), (2, 30))]
    events = [((5, 30), (9, 30)), ((6, 30), (8, 30))]
    studies = [
        StudyInput(f"{group} {n}", ArmCounts(*e), ArmCounts(*c), subgroup=group)
        for group, rows in (("x", no_events), ("y", events))
        for n, (e, c) in enumerate(rows)
    ] + [StudyInput("z", ArmCounts(4, 40), ArmCounts(7, 40), subgroup=None)]
    analysis = analyse(studies, Measure.OR, Method.MH, by_subgroup=True)
    by_name = {s.name: s for s in analysis.subgroups}
    assert by_name["x"].pooled is None
    assert by_name["x"].note == "the Mantel-Haenszel odds ratio needs events in both arms"
    assert by_name["y"].pooled is not None and analysis.pooled.k == 5
    # The studies without a value of the field come last, apart from the test.
    assert [s.name for s in analysis.subgroups] == ["x", "y", "Not recorded"]
    assert analysis.subgroup_test is None  # one real subgroup pooled: nothing to test


def test_hartung_knapp_is_refused_for_fixed_effect_models_alike():
    studies = [StudyInput("A", ArmCounts(4, 40), ArmCounts(7, 40))] * 2
    for method in (Method.FE, Method.MH):
        with pytest.raises(ExtractorError, match="random-effects model"):
            analyse(studies, Measure.OR, method, hksj=True)
