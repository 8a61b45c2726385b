"""Forms stored in a project."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extractor.core.errors import ExtractorError
from extractor.core.forms import Form, FormKind, parse_form
from extractor.store.audit import Audit
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

    def save(self, form: Form) -> bool:
        """Add a form, or replace the definition of the form with its key.

        Answers to fields a new definition drops stay in the project file.
        Returns True when the form is new.
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
        if row.definition != definition:
            row.name, row.kind, row.version = form.name, form.kind.value, form.version
            row.definition = definition
            self.audit.record("form.update", form_key=form.key, detail=f"version {form.version}")
        return False

    def _row(self, key: str) -> FormRow | None:
        return self.session.scalars(select(FormRow).where(FormRow.key == key)).first()
