"""Forest plots: one row per study with its arms' data, its estimate and CI, its
weight and its risk-of-bias judgements (robvis's traffic lights beside metafor's
plot), subgroups with their own diamonds, the pooled diamond with its prediction
interval, and the heterogeneity lines. Landscape A4, continued on further pages
with the header repeated; long study labels wrap.

A study that cannot enter the analysis keeps its row and says why.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from extractor import __version__
from extractor.core.meta.analysis import Analysis, StudyEffect, SubgroupResult
from extractor.core.meta.effect_sizes import ArmCounts, ArmMeans, Measure
from extractor.core.meta.pooling import Pooled
from extractor.core.rob_summary import NOT_ASSESSED, Assessment
from extractor.core.values import format_number
from extractor.reports.draft import marked
from extractor.reports.fonts import register_fonts
from extractor.reports.rob_figures import draw_gap, draw_judgement

PAGE = landscape(A4)
MARGIN = 12 * mm
LINE = 9.5  # points between wrapped lines of a label
ROW_GAP = 4.0
FONT = 7.5
HEADER = 15 * mm
FOOTER = 24 * mm
LABEL_WIDTH = 42 * mm
ARM_WIDTH = 26 * mm
PLOT_WIDTH = 70 * mm
CI_WIDTH = 34 * mm
WEIGHT_WIDTH = 14 * mm
ROB_CELL = 6 * mm
INK = colors.black
GREY = colors.HexColor("#666666")
BOX = colors.HexColor("#1f3a68")
DIAMOND = colors.HexColor("#1f3a68")
PI_COLOUR = colors.HexColor("#b03a2e")


@dataclass(frozen=True)
class ForestPlot:
    analysis: Analysis
    title: str
    experimental: str
    control: str
    rob: Sequence[Assessment] = ()
    rob_domains: Sequence[tuple[str, str]] = ()  # (id, name) of each domain, "Overall" last
    rob_tool: str | None = None
    palette: str = "cochrane"


@dataclass(frozen=True)
class _Row:
    kind: str  # "study", "heading", "subtotal", "overall", "note"
    lines: list[str]
    height: float
    study: StudyEffect | None = None
    pooled: Pooled | None = None
    text: str = ""


def forest_pdf(plot: ForestPlot, draft: str | None = None) -> bytes:
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    canvas = marked(draft)(buffer, pagesize=PAGE, invariant=1)
    canvas.setTitle(f"Forest plot: {plot.title}")
    canvas.setCreator(f"Extractor {__version__}")
    _Drawing(canvas, plot, regular, bold).draw()
    canvas.save()
    return buffer.getvalue()


class _Drawing:
    def __init__(self, canvas: Canvas, plot: ForestPlot, regular: str, bold: str) -> None:
        self.canvas, self.plot, self.regular, self.bold = canvas, plot, regular, bold
        self.analysis = plot.analysis
        self.measure = plot.analysis.measure
        rob_columns = len(plot.rob_domains) if plot.rob else 0
        self.x_label = MARGIN
        self.x_arms = self.x_label + LABEL_WIDTH
        self.x_plot = self.x_arms + 2 * ARM_WIDTH + 3 * mm
        fixed = LABEL_WIDTH + 2 * ARM_WIDTH + CI_WIDTH + WEIGHT_WIDTH + rob_columns * ROB_CELL
        # The plot takes what the columns leave, no less than PLOT_WIDTH.
        self.plot_width = max(PLOT_WIDTH, PAGE[0] - 2 * MARGIN - fixed - 9 * mm)
        self.x_ci = self.x_plot + self.plot_width + 3 * mm
        self.x_weight = self.x_ci + CI_WIDTH
        self.x_rob = self.x_weight + WEIGHT_WIDTH + 3 * mm
        self.right = self.x_rob + rob_columns * ROB_CELL
        self.low, self.high = self._limits()
        self.rob_by_label = {a.label: a for a in plot.rob}

    # Layout

    def rows(self) -> list[_Row]:
        rows: list[_Row] = []
        if self.analysis.subgroups:
            for subgroup in self.analysis.subgroups:
                rows.append(self._text_row("heading", subgroup.name))
                rows += [self._study_row(s) for s in subgroup.studies]
                rows.append(self._pooled_row("subtotal", subgroup))
        else:
            rows += [self._study_row(s) for s in self.analysis.studies]
        rows.append(
            _Row("overall", [f"Overall ({self.analysis.pooled.k} studies)"], LINE + 2 * ROW_GAP + 4,
                 pooled=self.analysis.pooled)
        )  # fmt: skip
        return rows

    def _study_row(self, study: StudyEffect) -> _Row:
        lines = simpleSplit(study.study.label, self.regular, FONT, LABEL_WIDTH - 2 * mm) or [""]
        return _Row("study", lines, len(lines) * LINE + ROW_GAP, study=study)

    def _text_row(self, kind: str, text: str) -> _Row:
        lines = simpleSplit(text, self.bold, FONT, LABEL_WIDTH + 2 * ARM_WIDTH) or [""]
        return _Row(kind, lines, len(lines) * LINE + ROW_GAP, text=text)

    def _pooled_row(self, kind: str, subgroup: SubgroupResult) -> _Row:
        k = None if subgroup.pooled is None else subgroup.pooled.k
        said = "not pooled" if k is None else f"{k} {'study' if k == 1 else 'studies'}"
        return _Row(kind, [f"Subtotal ({said})"], LINE + ROW_GAP + 8,
                    pooled=subgroup.pooled, text=subgroup.note)  # fmt: skip

    def pages(self) -> list[list[_Row]]:
        _, height = PAGE
        room = height - 2 * MARGIN - HEADER - FOOTER
        pages: list[list[_Row]] = [[]]
        used = 0.0
        for row in self.rows():
            if used + row.height > room and pages[-1]:
                pages.append([])
                used = 0.0
            pages[-1].append(row)
            used += row.height
        return pages

    # Drawing

    def draw(self) -> None:
        pages = self.pages()
        for number, rows in enumerate(pages, start=1):
            top = PAGE[1] - MARGIN
            self._header(top, number, len(pages))
            y = top - HEADER - 3  # clear of the header's rule
            for row in rows:
                self._row(row, y)
                y -= row.height
            self.canvas.setStrokeColor(INK)
            self.canvas.setLineWidth(0.6)
            self.canvas.line(self.x_label, y, self.right, y)
            self._axis(y - 2)
            if number == len(pages):
                self._footer(y - 13 * mm)
            else:
                self.canvas.setFont(self.regular, FONT)
                self.canvas.setFillColor(GREY)
                self.canvas.drawString(self.x_label, y - 13 * mm, "Continued on the next page.")
            self.canvas.showPage()

    def _header(self, top: float, number: int, pages: int) -> None:
        c = self.canvas
        c.setFillColor(INK)
        c.setFont(self.bold, 10.5)
        title = self.plot.title + (f" (continued, page {number} of {pages})" if number > 1 else "")
        c.drawString(self.x_label, top, title)
        c.setFont(self.regular, FONT)
        c.setFillColor(GREY)
        method = self.analysis.method.long_name + (", Hartung-Knapp" if self.analysis.hksj else "")
        c.drawString(self.x_label, top - 11, f"{self.measure.long_name}; {method}")
        c.setFillColor(INK)
        y = top - HEADER + 3
        c.setFont(self.bold, FONT)
        c.drawString(self.x_label, y, "Study")
        arms = self._arm_heading()
        for x, name in (
            (self.x_arms, self.plot.experimental),
            (self.x_arms + ARM_WIDTH, self.plot.control),
        ):
            lines = simpleSplit(name, self.bold, FONT, ARM_WIDTH - 2 * mm)[:2]
            for i, line in enumerate(lines):
                c.drawCentredString(x + ARM_WIDTH / 2, y + 9 + (len(lines) - 1 - i) * LINE, line)
            c.setFont(self.regular, 6.5)
            c.drawCentredString(x + ARM_WIDTH / 2, y, arms)
            c.setFont(self.bold, FONT)
        c.drawCentredString(
            self.x_ci + CI_WIDTH / 2, y, f"{self.measure.value} [{self._level()} CI]"
        )
        c.drawRightString(self.x_weight + WEIGHT_WIDTH - 1 * mm, y, "Weight")
        if self.plot.rob:
            c.drawCentredString(
                self.x_rob + len(self.plot.rob_domains) * ROB_CELL / 2,
                y + 9,
                f"Risk of bias ({self.plot.rob_tool})",
            )
            for i, (domain, _) in enumerate(self.plot.rob_domains):
                c.drawCentredString(
                    self.x_rob + (i + 0.5) * ROB_CELL, y, "All" if domain == "Overall" else domain
                )
        c.setLineWidth(0.6)
        c.line(self.x_label, y - 4, self.right, y - 4)

    def _arm_heading(self) -> str:
        if self.measure in (Measure.MD, Measure.SMD):
            return "Mean (SD), n"
        return "Events / total"

    def _level(self) -> str:
        return f"{format_number(round(self.analysis.level * 100, 4))}%"

    def _row(self, row: _Row, top: float) -> None:
        c = self.canvas
        text_top = top - ROW_GAP / 2
        centre = text_top - len(row.lines) * LINE / 2
        if row.kind == "heading":
            c.setFont(self.bold, FONT)
            c.setFillColor(INK)
            for i, line in enumerate(row.lines):
                c.drawString(self.x_label, text_top - (i + 1) * LINE + 2.5, line)
            return
        bold = row.kind in ("subtotal", "overall")
        c.setFont(self.bold if bold else self.regular, FONT)
        c.setFillColor(INK)
        for i, line in enumerate(row.lines):
            c.drawString(self.x_label, text_top - (i + 1) * LINE + 2.5, line)
        baseline = centre - 2.5
        if row.study is not None:
            self._study(row.study, centre, baseline)
        elif row.pooled is not None:
            self._pooled(row.pooled, centre, baseline, overall=row.kind == "overall")
            self._heterogeneity_under(row, top)
        else:
            c.setFont(self.regular, FONT)
            c.setFillColor(GREY)
            reason = simpleSplit(
                f"Not pooled: {row.text or 'no study'}", self.regular, 6.5, self.plot_width
            )
            c.setFont(self.regular, 6.5)
            c.drawString(self.x_plot, baseline, reason[0] if reason else "")

    def _study(self, study: StudyEffect, centre: float, baseline: float) -> None:
        c = self.canvas
        c.setFont(self.regular, FONT)
        c.setFillColor(INK)
        data = study.study
        if data.reported is not None and data.experimental is None:
            c.setFillColor(GREY)
            c.drawCentredString(self.x_arms + ARM_WIDTH, baseline, "estimate as reported")
            c.setFillColor(INK)
        else:
            for x, arm in (
                (self.x_arms, data.experimental),
                (self.x_arms + ARM_WIDTH, data.control),
            ):
                if arm is not None:
                    c.drawCentredString(x + ARM_WIDTH / 2, baseline, _arm_text(arm))
        if study.effect is None:
            c.setFillColor(GREY)
            reason = simpleSplit(study.excluded, self.regular, 6.5, self.plot_width + CI_WIDTH)[:1]
            c.setFont(self.regular, 6.5)
            c.drawString(self.x_plot, baseline, (reason[0] if reason else "") + " (not pooled)")
        else:
            low, high = study.effect.interval(self.analysis.level)
            self._interval(low, high, centre)
            size = 1.6 + 3.4 * math.sqrt(max(study.weight or 0.0, 0.0) / 100)
            x = self._x(study.effect.yi)
            if self.x_plot <= x <= self.x_plot + self.plot_width:
                c.setFillColor(BOX)
                c.rect(x - size, centre - size, 2 * size, 2 * size, stroke=0, fill=1)
            c.setFillColor(INK)
            c.setFont(self.regular, FONT)
            c.drawCentredString(
                self.x_ci + CI_WIDTH / 2, baseline, self._estimate(study.effect.yi, low, high)
            )
            c.drawRightString(
                self.x_weight + WEIGHT_WIDTH - 1 * mm, baseline, f"{study.weight or 0:.1f}%"
            )
        self._rob(data.label, centre)

    def _pooled(self, pooled: Pooled, centre: float, baseline: float, overall: bool) -> None:
        c = self.canvas
        if pooled.pi_low is not None and pooled.pi_high is not None and overall:
            # The prediction interval: a line through the diamond, as metafor draws it.
            self._segment(pooled.pi_low, pooled.pi_high, centre, PI_COLOUR, ends=True)
        left, mid, right = (
            self._x(v, clip=True) for v in (pooled.ci_low, pooled.estimate, pooled.ci_high)
        )
        path = c.beginPath()
        path.moveTo(left, centre)
        path.lineTo(mid, centre + 3.2)
        path.lineTo(right, centre)
        path.lineTo(mid, centre - 3.2)
        path.close()
        c.setFillColor(DIAMOND)
        c.setStrokeColor(DIAMOND)
        c.drawPath(path, stroke=1, fill=1)
        c.setFillColor(INK)
        c.setFont(self.bold, FONT)
        c.drawCentredString(
            self.x_ci + CI_WIDTH / 2,
            baseline,
            self._estimate(pooled.estimate, pooled.ci_low, pooled.ci_high),
        )
        if overall:
            c.drawRightString(self.x_weight + WEIGHT_WIDTH - 1 * mm, baseline, "100%")

    def _heterogeneity_under(self, row: _Row, top: float) -> None:
        if row.pooled is None:
            return
        c = self.canvas
        c.setFont(self.regular, 6.5)
        c.setFillColor(GREY)
        y = top - row.height + 3
        text = self._heterogeneity(row.pooled)
        if (
            row.kind == "overall"
            and row.pooled.pi_low is not None
            and row.pooled.pi_high is not None
        ):
            low, high = self._display(row.pooled.pi_low), self._display(row.pooled.pi_high)
            text += f"; prediction interval {low} to {high} (the red line)"
        c.drawString(self.x_label, y, text)
        c.setFillColor(INK)

    def _heterogeneity(self, pooled: Pooled) -> str:
        if pooled.k < 2:
            return "Heterogeneity: not applicable (one study)"
        # A fixed-effect model estimates no τ²: it is said only for random effects.
        tau2 = f"τ² = {pooled.tau2:.4g}; " if pooled.method.is_random else ""
        return (
            f"Heterogeneity: {tau2}Q = {pooled.q:.2f}, df = {pooled.q_df} "
            f"({_p(pooled.q_p)}); I² = {pooled.i2:.0f}%"
        )

    def _footer(self, y: float) -> None:
        c = self.canvas
        c.setFont(self.regular, FONT)
        c.setFillColor(INK)
        pooled = self.analysis.pooled
        lines = [
            f"Overall effect: {'t' if self.analysis.hksj else 'z'} = {pooled.statistic:.2f} ({_p(pooled.p)})",
        ]
        test = self.analysis.subgroup_test
        if test is not None:
            lines.append(
                f"Test for subgroup differences: Q = {test.q:.2f}, df = {test.df} ({_p(test.p)})"
            )
        excluded = [s for s in self.analysis.studies if s.effect is None]
        if excluded:
            lines.append(
                f"{len(excluded)} of {len(self.analysis.studies)} studies not pooled; each row says why."
            )
        if self.plot.rob:
            names = "; ".join(f"{d} {name}" for d, name in self.plot.rob_domains if d != "Overall")
            legend = (
                f"Risk of bias ({self.plot.rob_tool}): {names}; All: overall. "
                "+ low, − some concerns or moderate, X high or serious, ! critical, "
                "? not assessed; a dashed ring is no judgement yet."
            )
            c.setFillColor(GREY)
            lines += simpleSplit(legend, self.regular, FONT, self.right - self.x_label)
        for i, line in enumerate(lines):
            c.drawString(self.x_label, y - i * (LINE + 1), line)

    def _rob(self, label: str, centre: float) -> None:
        if not self.plot.rob:
            return
        found = self.rob_by_label.get(label)
        for i, (domain, _) in enumerate(self.plot.rob_domains):
            self.canvas.saveState()
            self.canvas.translate(self.x_rob + (i + 0.5) * ROB_CELL, centre)
            self.canvas.scale(0.62, 0.62)
            level = None if found is None else found.judgements.get(domain)
            if level is not None:
                draw_judgement(self.canvas, 0, 0, level, self.plot.palette, self.bold)
            elif found is not None and domain in found.gaps:
                draw_gap(self.canvas, 0, 0, found.gaps[domain], self.bold)
            else:  # the study has no assessment at all
                draw_gap(self.canvas, 0, 0, NOT_ASSESSED, self.bold)
            self.canvas.restoreState()

    # Scale

    def _limits(self) -> tuple[float, float]:
        values = [0.0]  # no effect, on the analysis scale
        for study in self.analysis.studies:
            if study.effect is not None:
                values += list(study.effect.interval(self.analysis.level))
        pooled = self.analysis.pooled
        values += [pooled.ci_low, pooled.ci_high]
        if pooled.pi_low is not None and pooled.pi_high is not None:
            values += [pooled.pi_low, pooled.pi_high]
        low, high = min(values), max(values)
        if self.measure.is_ratio:
            return math.log(max(math.exp(low), 0.01)), math.log(min(math.exp(high), 100))
        pad = (high - low) * 0.05 or 1.0
        return low - pad, high + pad

    def _x(self, value: float, clip: bool = False) -> float:
        x = float(self.x_plot + (value - self.low) / (self.high - self.low) * self.plot_width)
        if clip:
            return float(min(max(x, self.x_plot), self.x_plot + self.plot_width))
        return x

    def _interval(self, low: float, high: float, y: float) -> None:
        self._segment(low, high, y, INK)

    def _segment(
        self, low: float, high: float, y: float, colour: colors.Color, ends: bool = False
    ) -> None:
        c = self.canvas
        c.setStrokeColor(colour)
        c.setFillColor(colour)
        c.setLineWidth(0.7)
        left, right = self._x(low, clip=True), self._x(high, clip=True)
        c.line(left, y, right, y)
        if ends:
            for x in (left, right):
                c.line(x, y - 2.2, x, y + 2.2)
        for value, x, direction in ((low, left, -1), (high, right, 1)):
            if self._x(value) != x:  # beyond the axis: an arrow head
                path = c.beginPath()
                path.moveTo(x + direction * 3, y)
                path.lineTo(x, y + 1.8)
                path.lineTo(x, y - 1.8)
                path.close()
                c.drawPath(path, stroke=0, fill=1)

    def _axis(self, y: float) -> None:
        c = self.canvas
        c.setStrokeColor(INK)
        c.setLineWidth(0.6)
        c.line(self.x_plot, y, self.x_plot + self.plot_width, y)
        c.setFont(self.regular, 6.5)
        c.setFillColor(INK)
        for tick in self._ticks():
            x = self._x(tick)
            c.line(x, y, x, y - 2.5)
            c.drawCentredString(x, y - 9, self._tick_text(tick))
        null_x = self._x(0.0)
        c.setDash(2, 2)
        c.setStrokeColor(GREY)
        c.line(null_x, y, null_x, PAGE[1] - MARGIN - HEADER - 2)
        c.setDash()
        c.setFillColor(GREY)
        c.drawRightString(null_x - 2, y - 17, f"← lower with {self.plot.experimental}"[:48])
        c.drawString(null_x + 2, y - 17, f"higher with {self.plot.experimental} →"[:48])
        c.setFillColor(INK)

    def _ticks(self) -> list[float]:
        if self.measure.is_ratio:
            candidates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]
            ticks = [math.log(v) for v in candidates if self.low <= math.log(v) <= self.high]
            return ticks if len(ticks) >= 2 else [self.low, 0.0, self.high]
        span = self.high - self.low
        step = 10 ** math.floor(math.log10(span / 4))
        for factor in (1, 2, 5, 10):
            if span / (step * factor) <= 6:
                step *= factor
                break
        first = math.ceil(self.low / step) * step
        return [first + i * step for i in range(int((self.high - first) / step) + 1)]

    def _tick_text(self, value: float) -> str:
        shown = math.exp(value) if self.measure.is_ratio else value
        return format_number(round(shown, 4))

    def _display(self, value: float) -> str:
        return f"{math.exp(value) if self.measure.is_ratio else value:.2f}"

    def _estimate(self, value: float, low: float, high: float) -> str:
        return f"{self._display(value)} [{self._display(low)}, {self._display(high)}]"


def _arm_text(arm: ArmCounts | ArmMeans) -> str:
    if isinstance(arm, ArmCounts):
        return f"{format_number(arm.events)} / {format_number(arm.n)}"
    return f"{format_number(round(arm.mean, 3))} ({format_number(round(arm.sd, 3))}), {format_number(arm.n)}"


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
