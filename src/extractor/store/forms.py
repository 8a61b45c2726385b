"""Forms stored in a project."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extractor.core.errors import ExtractorError
from extractor.core.forms import Form, FormKind, parse_form
from extractor.store.audit import Audit
from extractor.store.form_versions import FormVersions
from extractor.store.models import Form as FormRow


class Forms:
    def __init__(self, session: Session, audit: Audit) -> None:
        self.session = session
        self.audit = audit

    def list(self, kind: FormKind | None = None) -> list[Form]:
        query = select(FormRow).order_by(FormRow.position, FormRow.key)
        if kind is not None:
            query = query.where(FormRow.kind == kind.value)
        return [
            parse_form(row.definition, f"form {row.key}") for row in self.session.scalars(query)
        ]

    def get(self, key: str) -> Form | None:
        row = self._row(key)
        return None if row is None else parse_form(row.definition, f"form {row.key}")

    def id_of(self, key: str) -> str:
        row = self._row(key)
        if row is None:
            raise ExtractorError(f"the project has no form '{key}'")
        return row.id

    def ids(self) -> dict[str, str]:
        """Every form's id by its key, in one query (for loops over many studies)."""
        rows = self.session.execute(select(FormRow.key, FormRow.id))
        return {key: form_id for key, form_id in rows}

    def save(self, form: Form, exact_version: bool = False) -> bool:
        """Add a form, or replace the definition of the form with its key by a new
        version (the form's own number where it is higher), keeping the one it
        replaces. The answers are the caller's (app/form_revision). With
        `exact_version` the form keeps its own number (a reviewer's copy takes the
        lead's versions as they come). Returns True when the form is new.
        """
        row = self._row(form.key)
        definition = form.to_dict()
        if row is None:
            position = self.session.execute(
                select(func.coalesce(func.max(FormRow.position), 0))
            ).scalar_one()
            self.session.add(
                FormRow(
                    key=form.key,
                    name=form.name,
                    kind=form.kind.value,
                    version=form.version,
                    definition=definition,
                    position=position + 1,
                )
            )
            self.audit.record("form.add", form_key=form.key, detail=form.name)
            return True
        replaced = parse_form(row.definition, f"form {row.key}")
        if _unversioned(replaced.to_dict()) != _unversioned(definition):
            FormVersions(self.session, self.audit).archive(form.key, replaced)
            version = form.version if exact_version else max(form.version, row.version + 1)
            row.name, row.kind, row.version = form.name, form.kind.value, version
            row.definition = {**definition, "version": version}
            self.audit.record("form.update", form_key=form.key, detail=f"version {version}")
        elif exact_version and row.version != form.version:  # the same form, renumbered
            row.version, row.definition = form.version, definition
            self.audit.record("form.update", form_key=form.key, detail=f"version {form.version}")
        return False

    def next_version(self, form: Form) -> int:
        """The version `form` becomes when saved: its own for a new form or one that
        changes nothing, else one past the stored version (or its own, if higher)."""
        row = self._row(form.key)
        if row is None:
            return form.version
        stored = parse_form(row.definition, f"form {row.key}").to_dict()
        if _unversioned(stored) == _unversioned(form.to_dict()):
            return row.version
        return max(form.version, row.version + 1)

    def _row(self, key: str) -> FormRow | None:
        return self.session.scalars(select(FormRow).where(FormRow.key == key)).first()


def _unversioned(definition: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in definition.items() if key != "version"}
