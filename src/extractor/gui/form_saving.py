"""Saving a form in the window: what the new version does to the answers is worked
out first, and where answers cannot be carried the user sees them and agrees
before anything changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from extractor.app.form_revision import FormRevision, revise_form
from extractor.core.forms import Form
from extractor.core.words import counted
from extractor.gui.session import ProjectSession


def save_form(
    parent: QWidget,
    session: ProjectSession,
    form: Form,
    reason: str,
    done: Callable[[FormRevision], None],
    failed: Callable[[BaseException], None],
    based_on: int | None = None,
) -> None:
    """Save `form` (added, or as its form's new version) off the UI thread; `done`
    gets the revision made, or the one the user declined (not `applied`). `based_on`:
    the version an editor opened, refused if the form has moved on since."""
    project = session.project

    def planned(revision: FormRevision) -> None:
        if revision.applied or not revision.changed:
            done(revision)
        elif agrees_to_lose(parent, revision):
            session.lanes.write.submit(
                lambda: revise_form(
                    project, form, reason, agreed=revision.losses, based_on=based_on
                ),
                done,
                failed,
            )
        else:
            done(revision)

    session.lanes.write.submit(
        lambda: revise_form(project, form, reason, based_on=based_on), planned, failed
    )


def agrees_to_lose(parent: QWidget, revision: FormRevision) -> bool:
    """Ask before a new version drops answers, listing each."""
    previous = revision.previous.version if revision.previous else revision.form.version
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Save the form",
        f"{_losses(revision)} cannot be carried to version {revision.form.version} of "
        f"{revision.form.name}.",
        parent=parent,
    )
    box.setInformativeText(
        f"Answers are removed from the extractions, decisions reopened; the audit log and "
        f"version {previous}'s data keep them. Show Details for each and every change."
    )
    box.setDetailedText("\n".join(revision.lines()))
    save = box.addButton("Save and remove them", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is save


def _losses(revision: FormRevision) -> str:
    said = [counted(len(revision.lost), "answer")] if revision.lost else []
    if revision.reopened:
        said.append(counted(len(revision.reopened), "decision") + " on disagreements")
    return " and ".join(said)
