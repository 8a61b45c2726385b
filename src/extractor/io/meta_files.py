"""The files that let R reproduce a meta-analysis: each analysis's study data as
CSV, in the orientation analysed (experimental arm first), and `analysis.R`,
which reads them, runs metafor with the same options and checks the result
against the numbers Extractor wrote."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractor import __version__
from extractor.core.meta.analysis import Analysis
from extractor.core.meta.effect_sizes import ArmCounts, ArmMeans
from extractor.core.meta.pooling import Method
from extractor.io.spreadsheet_safety import csv_text

__all__ = ["RunAnalysis", "analysis_csv", "analysis_r", "file_stem"]

COLUMNS = [
    "study", "subgroup", "ai", "n1i", "ci", "n2i", "m1i", "sd1i", "m2i", "sd2i",
    "yi_reported", "vi_reported", "excluded",
]  # fmt: skip


@dataclass(frozen=True)
class RunAnalysis:
    """One analysis as Export all writes it: its title, its file stem, its result."""

    title: str
    stem: str
    analysis: Analysis


def file_stem(title: str) -> str:
    """`meta-` and the analysis's title in lower case, letters and digits only."""
    words = re.findall(r"[a-z0-9]+", title.casefold())
    return "meta-" + "-".join(words)[:80]


def analysis_csv(analysis: Analysis) -> str:
    rows: list[list[object]] = [list(COLUMNS)]
    for study in analysis.studies:
        data = study.study
        cells: dict[str, object] = {"study": data.label, "subgroup": data.subgroup or ""}
        e, c = data.experimental, data.control
        if isinstance(e, ArmCounts) and isinstance(c, ArmCounts):
            cells.update(ai=_n(e.events), n1i=_n(e.n), ci=_n(c.events), n2i=_n(c.n))
        elif isinstance(e, ArmMeans) and isinstance(c, ArmMeans):
            cells.update(m1i=repr(e.mean), sd1i=repr(e.sd), n1i=_n(e.n))
            cells.update(m2i=repr(c.mean), sd2i=repr(c.sd), n2i=_n(c.n))
        if data.reported is not None:
            cells.update(yi_reported=repr(data.reported.yi), vi_reported=repr(data.reported.vi))
        cells["excluded"] = study.excluded
        rows.append([cells.get(column, "NA") for column in COLUMNS])
    return csv_text(rows)


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


_HEAD = """# Reproduces the meta-analyses of this folder with metafor.
# Written by Extractor {version}. Run it in this folder: Rscript analysis.R
# Each analysis reads its meta-*.csv (the study data as analysed, experimental arm
# first), pools it as Extractor did, and checks the result against Extractor's.
library(metafor)

check <- function(title, res, expected) {{
  got <- c(estimate = as.numeric(res$b), se = res$se, tau2 = ifelse(is.null(res$tau2), 0, res$tau2),
           i2 = ifelse(is.null(res$I2), 0, res$I2), q = res$QE)
  diff <- abs(got[names(expected)] - expected)
  if (all(diff < 1e-4)) cat(title, ": matches Extractor\\n") else {{
    cat(title, ": differs from Extractor\\n"); print(rbind(metafor = got[names(expected)], extractor = expected))
  }}
}}

numbers <- function(d) {{
  # A column with no number in it reads as text or logical; make each a number.
  for (col in c("ai", "n1i", "ci", "n2i", "m1i", "sd1i", "m2i", "sd2i", "yi_reported", "vi_reported"))
    d[[col]] <- suppressWarnings(as.numeric(d[[col]]))
  d
}}

effects <- function(d, measure) {{
  # Each study from its arms where it has them, else from its own estimate.
  yi <- d$yi_reported; vi <- d$vi_reported
  arms <- if (measure %in% c("OR", "RR", "RD")) !is.na(d$ai) else if (measure %in% c("MD", "SMD")) !is.na(d$m1i) else rep(FALSE, nrow(d))
  if (any(arms)) {{
    e <- if (measure %in% c("OR", "RR", "RD")) {{
      escalc(measure = measure, ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = d[arms, ])
    }} else {{
      escalc(measure = measure, m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = d[arms, ])
    }}
    yi[arms] <- e$yi; vi[arms] <- e$vi
  }}
  data.frame(study = d$study, subgroup = d$subgroup, yi = yi, vi = vi)
}}

# metafor's default tolerances stop the iterations for tau2 early (about 1e-5 for
# REML, 1e-4 for PM): these let it converge as far as Extractor does.
CONTROL <- list(threshold = 1e-12, tol = 1e-14, maxiter = 1000)
"""


def analysis_r(runs: Sequence[RunAnalysis]) -> str:
    parts = [_HEAD.format(version=__version__)]
    for run in runs:
        parts.append(_block(run))
    if not runs:
        parts.append(
            "# No analysis is kept for Export all yet: run one with `extractor meta ... -o`\n"
            "# or from the window's Meta-analysis tab, and export again.\n"
        )
    return "\n".join(parts)


def _block(run: RunAnalysis) -> str:
    analysis = run.analysis
    measure = analysis.measure.value
    level = f"level = {analysis.level * 100:g}"
    test = ', test = "knha"' if analysis.hksj else ""
    if analysis.method is Method.MH:
        fit = f'rma.mh(measure = "{measure}", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = DATA, {level})'
    else:
        fit = (
            f'rma(yi, vi, data = effects(DATA, "{measure}"), method = "{analysis.method.value}"'
            f"{test}, {level}, control = CONTROL)"
        )
    pooled = analysis.pooled
    expected = (
        f"c(estimate = {pooled.estimate!r}, se = {pooled.se!r}, tau2 = {pooled.tau2!r}, "
        f"i2 = {pooled.i2!r}, q = {pooled.q!r})"
    )
    lines = [
        f"# {run.title}: {analysis.measure.long_name}, {analysis.method.long_name}"
        + (", Hartung-Knapp" if analysis.hksj else ""),
        f'd <- numbers(read.csv("{run.stem}.csv", stringsAsFactors = FALSE, na.strings = "NA"))',
        'd <- d[is.na(d$excluded) | d$excluded == "", ]  # the studies Extractor pooled',
        f"res <- {fit.replace('DATA', 'd')}",
        "print(res)",
        f'check("{_r_text(run.title)}", res, {expected})',
    ]
    if analysis.subgroups:
        lines += [
            "# Studies without a value of the field are not a subgroup; a subgroup that",
            "# cannot be pooled is left out, as Extractor leaves it out.",
            'named <- d[!is.na(d$subgroup) & d$subgroup != "", ]',
            "fits <- lapply(split(named, named$subgroup), function(g) tryCatch("
            + fit.replace("DATA", "g")
            + ", error = function(e) NULL))",
            "fits <- Filter(Negate(is.null), fits)",
            "est <- sapply(fits, function(f) as.numeric(f$b)); se <- sapply(fits, function(f) f$se)",
            'between <- rma(est, sei = se, mods = ~ factor(names(est)), method = "FE")',
            'cat("Test for subgroup differences: Q =", between$QM, "df =", between$QMdf[1], "p =", between$QMp, "\\n")',
        ]
        test_found = analysis.subgroup_test
        if test_found is not None:
            lines.append(
                f"# Extractor: Q = {test_found.q!r}, df = {test_found.df}, p = {test_found.p!r}"
            )
    return "\n".join(lines) + "\n"


def _r_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
