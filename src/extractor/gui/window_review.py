"""The main window's review actions: conflicts, agreement, risk-of-bias tools."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMessageBox,
)

from extractor.app import exchange, review, rob
from extractor.gui.agreement_dialog import AgreementDialog


class ReviewActions:
    """Mixed into MainWindow: uses its project, runner, config and panels."""

    def show_conflicts(self, on: bool) -> None:
        """Swap the form for the conflict view (and back); the PDF stays."""
        self.right.setCurrentWidget(self.conflicts if on else self.forms)
        if self.conflicts_action.isChecked() != on:
            self.conflicts_action.setChecked(on)
        if on:
            self.refresh_conflicts()

    def refresh_conflicts(self, fill_consensus: bool = True) -> None:
        """Show the disagreements, then (unless a resolution just did) fill the
        consensus with what the reviewers agree on. The list comes first: building
        the consensus of a large review for the first time takes seconds, and the
        writer thread takes a resolution only after it."""
        if fill_consensus:
            self.conflicts.set_loading()
        self.runner.submit(
            lambda: review.conflict_rows(self.project),
            self.conflicts.set_rows,
            self._conflicts_failed,
        )
        if fill_consensus:
            filling = "Filling the consensus with what both reviewers agree on…"
            self.statusBar().showMessage(filling)

            def filled(_: object) -> None:
                if self.statusBar().currentMessage() == filling:
                    self.statusBar().clearMessage()

            self.runner.submit(
                lambda: review.fill_consensus(self.project),
                filled,
                lambda error: self.statusBar().showMessage(f"Consensus not updated: {error}"),
            )

    def _conflicts_failed(self, error: BaseException) -> None:
        message = f"Conflicts could not be read: {error}"
        self.statusBar().showMessage(message)
        self.conflicts.loading_failed(message)

    def _conflict_study(self, study_id: str) -> None:
        if self.studies.selected_study_id() != study_id:
            self.studies.select_study(study_id)
        else:
            self._load_side_evidence()

    def _load_side_evidence(self) -> None:
        row = self.conflicts.current()
        if row is None or not self.conflicts.isVisible():
            return
        self.runner.submit(
            lambda: review.side_evidence(self.project, row.study_id, row.form, row.a_id, row.b_id),
            lambda sides: self.conflicts.set_evidence(*sides),
        )

    def _choose_rob_tool(self) -> None:
        from extractor.core.rob import TOOLS

        tool, ok = QInputDialog.getItem(
            self,
            "Risk of bias",
            "Add the instrument (a tab beside the form):",
            list(TOOLS),
            0,
            False,
        )
        if ok:
            self.add_rob_tool(tool)

    def add_rob_tool(self, tool: str) -> None:
        self.runner.submit(
            lambda: rob.add_tool(self.project, tool).form.name,
            lambda name: (self.statusBar().showMessage(f"Added {name}", 8000), self.refresh()),
            lambda error: QMessageBox.warning(self, "Risk of bias", str(error)),
        )

    def show_agreement(self) -> None:
        def shown(found: review.Agreement) -> None:
            dialog = AgreementDialog(
                found.fields, lambda path: self._save_agreement(path, found), self
            )
            dialog.show()
            self._agreement_dialog = dialog

        self.runner.submit(
            lambda: review.agreement(self.project),
            shown,
            lambda error: self.statusBar().showMessage(f"Agreement could not be computed: {error}"),
        )

    def _save_agreement(self, path: Path, found: review.Agreement) -> None:
        self.runner.submit(
            lambda: review.save_agreement(path, found),
            lambda _: self.statusBar().showMessage(f"Wrote {path}", 8000),
            lambda error: QMessageBox.warning(self, "Save agreement", str(error)),
        )

    def _reveal_quote(self, quote) -> None:
        if not self.pdf.reveal(quote):
            self.statusBar().showMessage(
                "The document this quote came from is no longer attached.", 8000
            )

    def _resolve(self, row, decision: dict) -> None:
        profile = self.config.profile

        def done(_: object) -> None:
            self.statusBar().showMessage(f"{row.study}: {row.label} resolved", 8000)
            self.refresh_conflicts(fill_consensus=False)
            self.refresh()

        self.runner.submit(
            lambda: review.resolve_conflict(self.project, profile, row, **decision),
            done,
            lambda error: QMessageBox.warning(self, "Resolve", f"Not resolved.\n\n{error}"),
        )

    def _choose_share(self) -> None:
        name, ok = QInputDialog.getText(self, "Copy for a reviewer", "Reviewer's name:")
        if not ok or not name.strip():
            return
        suggested = self.project.path.with_name(
            f"{self.project.path.stem} - {name.strip()}.extractor"
        )
        target, _ = QFileDialog.getSaveFileName(
            self, "Save the copy", str(suggested), "Extractor projects (*.extractor)"
        )
        if target:
            self.share_with(name.strip(), Path(target))

    def share_with(self, name: str, target: Path) -> None:
        self.runner.submit(
            lambda: exchange.share_copy(self.project, name, target),
            lambda who: self.statusBar().showMessage(
                f"Wrote {target.name} for {who}: send it to them", 10000
            ),
            lambda error: QMessageBox.warning(self, "Copy for a reviewer", str(error)),
        )

    def _choose_package(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, "Write my package", "package.zip", "Reviewer packages (*.zip)"
        )
        if target:
            self.write_my_package(Path(target))

    def write_my_package(self, target: Path) -> None:
        profile = self.config.profile
        self.runner.submit(
            lambda: exchange.write_package(self.project, profile, target),
            lambda what: self.statusBar().showMessage(
                f"Wrote {target.name} ({what}): send it to the lead", 10000
            ),
            lambda error: QMessageBox.warning(self, "Reviewer package", str(error)),
        )

    def _choose_packages(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import packages", "", "Packages (*.zip)")
        if names:
            self.import_packages([Path(name) for name in names])

    def import_packages(self, paths: list[Path]) -> None:
        def done(outcomes: list[exchange.PackageOutcome]) -> None:
            self.statusBar().showMessage("; ".join(map(package_line, outcomes)), 15000)
            self.refresh()
            if self.right.currentWidget() is self.conflicts:
                self.refresh_conflicts()

        self.runner.submit(
            lambda: exchange.import_packages(self.project, paths),
            done,
            lambda error: QMessageBox.warning(
                self,
                "Import packages",
                f"Nothing was imported from the package that failed.\n\n{error}",
            ),
        )


def package_line(done: exchange.PackageOutcome) -> str:
    """What importing one package did, in a few words for the status bar."""
    if done.update is not None:
        update = done.update
        return (
            f"{done.path.name}: {update.studies} studies, {update.documents} PDFs, "
            f"{update.forms} forms"
        )
    assert done.reviewer is not None
    outcome = done.reviewer
    changed = f"{outcome.changed_values} values changed" if outcome.applied else "already imported"
    return f"{done.path.name}: {outcome.reviewer}, {changed}"
