"""The Meta-analysis tab: choose an outcome, its arms, a measure and a method; see
each study's effect and weight (and why a study is not pooled), the pooled result
and its heterogeneity; save the forest plot, which keeps the analysis for Export all."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app import formats, outcomes
from extractor.app import meta_analysis as use
from extractor.app.readiness import draft_of
from extractor.core.meta.effect_sizes import Measure
from extractor.core.meta.pooling import Method
from extractor.gui import file_dialogs
from extractor.gui.outputs.tables_tab import stacked
from extractor.gui.readiness_dialog import ReadyThen
from extractor.gui.session import ProjectSession
from extractor.gui.theme import muted
from extractor.pdf.document import RenderedPage

NO_SUBGROUP = "No subgroups"


class MetaTab(QWidget):
    def __init__(
        self,
        session: ProjectSession,
        source: QComboBox,
        message: Callable[[str], None],
        ready_then: ReadyThen,
    ) -> None:
        super().__init__()
        self.session, self.source, self._message = session, source, message
        self._ready_then = ready_then
        self.choices: list[outcomes.OutcomeChoice] = []
        self.result: use.MetaResult | None = None
        self.outcome = self._combo("Outcome", editable=True)
        self.timepoint = self._combo("Time point", editable=True)
        self.experimental = self._combo("Experimental arm", editable=True)
        self.control = self._combo("Control arm", editable=True)
        self.measure = self._combo("Measure")
        for measure in Measure:
            self.measure.addItem(f"{measure.value}: {measure.long_name}", measure.value)
        self.method = self._combo("Method")
        for method in Method:
            self.method.addItem(f"{method.value}: {method.long_name}", method.value)
        self.method.setCurrentIndex(self.method.findData(Method.REML.value))
        self.hksj = QCheckBox("Hartung-Knapp adjustment")
        self.hksj.setAccessibleName("Hartung-Knapp adjustment")
        self.subgroup = self._combo("Subgroups by")
        line = self.timepoint.lineEdit()
        if line is not None:
            line.setPlaceholderText("any time point")
        self.outcome.currentIndexChanged.connect(lambda _: self._outcome_chosen())
        self.run_button = QPushButton("Run")
        self.run_button.clicked.connect(self.run)
        self.save_button = QPushButton("Save forest plot…")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save)
        form = QFormLayout()
        form.addRow("Outcome", self.outcome)
        form.addRow("Time point", self.timepoint)
        arms = QHBoxLayout()
        arms.addWidget(self.experimental, 1)
        arms.addWidget(QLabel("vs"))
        arms.addWidget(self.control, 1)
        form.addRow("Arms", arms)
        form.addRow("Measure", self.measure)
        methods = QHBoxLayout()
        methods.addWidget(self.method, 1)
        methods.addWidget(self.hksj)
        form.addRow("Method", methods)
        form.addRow("Subgroups", self.subgroup)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.summary = QLabel("Choose an outcome and its two arms, then Run.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Pooled result")
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Studies")
        self.table.setHorizontalHeaderLabels(["Study", "Effect [CI]", "Weight", "Note"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.kept = QListWidget()
        self.kept.setAccessibleName("Analyses kept for Export all")
        self.kept.setMaximumHeight(90)
        forget = QPushButton("Do not export")
        forget.setToolTip("Leave the chosen analysis out of Export all")
        forget.clicked.connect(self._forget)
        kept_row = QHBoxLayout()
        kept_row.addWidget(self.kept, 1)
        kept_row.addWidget(forget)
        kept_label = QLabel("Kept for Export all (a forest plot, the data for R, analysis.R):")
        kept_label.setStyleSheet(f"color: {muted()};")
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        column.addWidget(kept_label)
        column.addLayout(kept_row)
        self.preview = QLabel("The forest plot shows here once the analysis has run.")
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setAccessibleName("Preview of the forest plot")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.preview)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(scroll)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([440, 640])  # the plot is landscape: give it the wider side
        self._scroll = scroll
        outer = QVBoxLayout(self)
        outer.addWidget(split)
        self._preview_request = 0
        self.load()

    def _combo(self, name: str, editable: bool = False) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.setEditable(editable)
        return box

    # Loading what there is to analyse

    def load(self) -> None:
        source, project = self.source.currentData(), self.session.project
        self.session.lanes.read.submit(
            lambda: (outcomes.outcome_choices(project, source), use.kept_analyses(project)),
            self._loaded,
            lambda error: self.summary.setText(f"No outcome data to analyse: {error}"),
        )

    def _loaded(
        self, found: tuple[tuple[list[outcomes.OutcomeChoice], list[str]], list[use.MetaRequest]]
    ) -> None:
        (choices, fields), kept = found
        self.choices = choices
        self.outcome.blockSignals(True)
        self.outcome.clear()
        for choice in choices:
            self.outcome.addItem(choice.outcome)
        self.outcome.blockSignals(False)
        self.subgroup.clear()
        self.subgroup.addItem(NO_SUBGROUP, None)
        for key in fields:
            self.subgroup.addItem(key, key)
        self._outcome_chosen()
        self._show_kept(kept)
        if not choices:
            self.summary.setText(
                "No outcome data yet: enter it in the form's outcome grids, or import it "
                "(File > Import outcome data…)."
            )

    def _outcome_chosen(self) -> None:
        index = self.outcome.currentIndex()
        choice = self.choices[index] if 0 <= index < len(self.choices) else None
        for box, values in (
            (self.timepoint, ["", *(choice.timepoints if choice else [])]),
            (self.experimental, choice.arms if choice else []),
            (self.control, choice.arms if choice else []),
        ):
            box.clear()
            box.addItems(values)
        if choice is not None:
            arms = [a for a in choice.arms if " vs " not in a]
            if len(arms) >= 2:
                self.experimental.setCurrentText(arms[0])
                self.control.setCurrentText(arms[1])
            measure = (
                "RR"
                if choice.dichotomous
                else "MD"
                if choice.continuous
                else (choice.measures or ["HR"])[0]
            )
            self.measure.setCurrentIndex(max(self.measure.findData(measure), 0))

    def _show_kept(self, kept: list[use.MetaRequest]) -> None:
        self.kept.clear()
        for request in kept:
            item = QListWidgetItem(
                f"{request.title()} ({request.measure.value}, {request.method.value}"
                + (", HKSJ" if request.hksj else "")
                + (f", by {request.subgroup}" if request.subgroup else "")
                + ")"
            )
            item.setData(256, request.stem())
            self.kept.addItem(item)

    # Running

    def request(self) -> use.MetaRequest:
        return use.MetaRequest(
            outcome=self.outcome.currentText().strip(),
            timepoint=self.timepoint.currentText().strip() or None,
            measure=Measure(self.measure.currentData()),
            experimental=self.experimental.currentText().strip(),
            control=self.control.currentText().strip(),
            method=Method(self.method.currentData()),
            hksj=self.hksj.isChecked(),
            subgroup=self.subgroup.currentData(),
            source=self.source.currentData(),
        )

    def run(self) -> None:
        request, project = self.request(), self.session.project
        if not (request.outcome and request.experimental and request.control):
            self.summary.setText("Choose an outcome and its two arms first.")
            return
        self.run_button.setEnabled(False)
        self.session.lanes.read.submit(
            lambda: use.meta_analysis(project, request),
            self._show,
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.result = None
        self.save_button.setEnabled(False)
        self.table.setRowCount(0)
        self.summary.setText(f"Not analysed: {error}")

    def _show(self, result: use.MetaResult) -> None:
        self.run_button.setEnabled(True)
        self.result = result
        self.save_button.setEnabled(True)
        analysis, pooled = result.analysis, result.analysis.pooled
        shown = math.exp if analysis.measure.is_ratio else (lambda x: x)

        def effect(value: float, low: float, high: float) -> str:
            return f"{shown(value):.2f} [{shown(low):.2f}, {shown(high):.2f}]"

        lines = [
            f"{analysis.measure.value} {effect(pooled.estimate, pooled.ci_low, pooled.ci_high)}"
            f" from {pooled.k} {'study' if pooled.k == 1 else 'studies'}"
            f" ({analysis.method.long_name}{', Hartung-Knapp' if analysis.hksj else ''}),"
            f" p = {pooled.p:.3g}",
            f"τ² = {pooled.tau2:.4g}, I² = {pooled.i2:.1f}%, Q = {pooled.q:.2f} (df {pooled.q_df},"
            f" p = {pooled.q_p:.3g})",
        ]
        if pooled.pi_low is not None and pooled.pi_high is not None:
            lines.append(
                f"Prediction interval {shown(pooled.pi_low):.2f} to {shown(pooled.pi_high):.2f}"
            )
        for subgroup in analysis.subgroups:
            found = subgroup.pooled
            lines.append(
                f"{subgroup.name}: not pooled ({subgroup.note})"
                if found is None
                else f"{subgroup.name}: {effect(found.estimate, found.ci_low, found.ci_high)}"
                f" from {found.k}, I² = {found.i2:.1f}%"
                + ("" if subgroup.recorded else " (not in the test)")
            )
        test = analysis.subgroup_test
        if test is not None:
            lines.append(f"Subgroup differences: Q = {test.q:.2f}, df {test.df}, p = {test.p:.3g}")
        if result.readiness.note:
            lines.append(result.readiness.note)
        self.summary.setText("\n".join(lines))
        self.table.setRowCount(len(analysis.studies))
        for row, study in enumerate(analysis.studies):
            cells = [study.study.label, "", "", study.excluded]
            if study.effect is not None:
                cells[1] = effect(study.effect.yi, *study.effect.interval(analysis.level))
                cells[2] = f"{study.weight or 0:.1f}%"
            if study.study.subgroup:
                cells[3] = (
                    f"{study.study.subgroup}; " if cells[3] else study.study.subgroup
                ) + cells[3]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._draw_preview(result)

    def _draw_preview(self, result: use.MetaResult) -> None:
        """Render the forest plot off the UI thread; only the latest request is shown."""
        self._preview_request += 1
        request = self._preview_request
        width = max(self._scroll.viewport().width() - 8, 360)

        def shown(found: tuple[list[RenderedPage], int]) -> None:
            if request != self._preview_request:
                return
            pages, count = found
            self.preview.setPixmap(QPixmap.fromImage(stacked(pages)))
            self.preview.setToolTip(f"{count} page{'s' if count != 1 else ''}")

        self.preview.setText("Drawing the forest plot…")
        self.session.lanes.read.submit(
            lambda: use.forest_preview(result, width),
            shown,
            lambda error: self.preview.setText(f"No preview: {error}"),
        )

    # Saving

    def _save(self) -> None:
        self._ready_then(self.source.currentData(), self._save_as)

    def _save_as(self) -> None:
        if self.result is None:
            return
        request = self.result.request
        chosen = file_dialogs.save_file(
            self, "Save forest plot", f"{request.stem()}.pdf", formats.FOREST.dialog_filter()
        )
        if chosen is None:
            return
        result, project = self.result, self.session.project

        def work() -> list[Path]:
            written = use.save_forest(result, chosen)
            use.keep_analysis(project, request)
            return written

        self.session.lanes.job.submit(
            work,
            lambda written: self._written(written),
            lambda error: self._message(f"The forest plot was not written: {error}"),
        )

    def _written(self, written: list[Path]) -> None:
        names = ", ".join(str(p) for p in written)
        text = f"Wrote {draft_of(self.result.warnings if self.result else [])}{names}; kept for Export all"
        self._message(text)
        file_dialogs.show_written(self, text + ".", written[0])
        self.load()

    def _forget(self) -> None:
        item = self.kept.currentItem()
        if item is None:
            return
        stem, project = item.data(256), self.session.project
        self.session.lanes.write.submit(
            lambda: use.forget_analysis(project, stem),
            lambda _: self.load(),
        )
