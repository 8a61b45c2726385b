"""A form as the form editor holds it while a person changes it: sections, fields
and sub-fields added, moved and retyped freely, checked as they change, and made
into a Form once nothing is wrong.

A field's key is made from its label while the field is new, and stays once the
form is saved with it: answers are stored under keys, so renaming a label must
never move them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from extractor.core.field_types import FIELD_TYPES
from extractor.core.forms import Field, Form, FormKind, field_dict, form_dict, parse_form

_NOT_KEY = re.compile(r"[^a-z0-9]+")
_KEY_LENGTH = 40


def key_from_label(label: str, taken: set[str]) -> str:
    """A key for a new field: its label in lower-case ASCII words joined by `_`,
    numbered where another field has it already."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    key = _NOT_KEY.sub("_", ascii_text.casefold()).strip("_")[:_KEY_LENGTH].strip("_")
    if not key:
        key = "field"
    if key[0].isdigit():
        key = f"f_{key}"
    found, number = key, 2
    while found in taken:
        found, number = f"{key}_{number}", number + 1
    return found


@dataclass(eq=False)
class DraftField:
    label: str
    type: str = "text"
    key: str = ""
    options: list[str] = field(default_factory=list)
    help: str = ""
    required: bool = False
    unit: str = ""
    min: float | None = None
    max: float | None = None
    display: str | None = None
    fields: list[DraftField] = field(default_factory=list)  # a group's sub-fields
    key_field: str | None = None
    stored: bool = False  # the saved form has it: its key no longer follows its label
    reserved: set[str] = field(default_factory=set)  # a group's saved fields' keys

    @property
    def is_group(self) -> bool:
        return FIELD_TYPES[self.type].holds_rows

    @property
    def has_own_fields(self) -> bool:
        """A group whose sub-fields the form gives (not an outcome type's fixed ones)."""
        return self.is_group and not FIELD_TYPES[self.type].fixed_fields()

    def retype(self, name: str) -> None:
        """Change the type, dropping what the new one does not take."""
        kind = FIELD_TYPES[name]
        self.type = name
        if not kind.takes_options:
            self.options = []
        if kind.default_display is None:
            self.display = None
        if not kind.takes_bounds:
            self.min = self.max = None
            self.unit = ""
        if not self.has_own_fields:
            self.fields, self.key_field = [], None

    def copy(self, taken: set[str]) -> DraftField:
        """A new field like this one (its sub-fields too), under a key of its own."""
        twin = DraftField(
            label=self.label,
            type=self.type,
            options=list(self.options),
            help=self.help,
            required=self.required,
            unit=self.unit,
            min=self.min,
            max=self.max,
            display=self.display,
            fields=[sub.copy(set()) for sub in self.fields],
            key_field=self.key_field,
        )
        # The sub-fields keep their keys: they are apart from any other group's.
        twin.key = key_from_label(self.label, taken) if taken else self.key
        return twin

    def to_dict(self) -> dict[str, Any]:
        return field_dict(self)


@dataclass(eq=False)
class DraftSection:
    title: str
    fields: list[DraftField] = field(default_factory=list)


FORM_LEVEL = 0  # the key `problems` files what is wrong with the form as a whole under


@dataclass(eq=False)
class FormDraft:
    key: str
    name: str
    kind: FormKind = FormKind.EXTRACTION
    version: int = 1
    description: str = ""
    sections: list[DraftSection] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    reserved: set[str] = field(default_factory=set)  # the saved form's fields' keys
    stored: bool = False  # a draft of a saved form (at `version`), not of a new one

    @classmethod
    def of(cls, form: Form) -> FormDraft:
        """A draft of a saved form: every field's key stays as it is."""
        return cls(
            key=form.key,
            name=form.name,
            kind=form.kind,
            version=form.version,
            description=form.description,
            sections=[
                DraftSection(section.title, [_drafted(item) for item in section.fields])
                for section in form.sections
            ],
            extra=dict(form.extra),
            reserved={item.key for item in form.fields()},
            stored=True,
        )

    @classmethod
    def new(cls, name: str, taken: set[str]) -> FormDraft:
        """An empty form with one section, under a key no other form of the project has."""
        return cls(key=key_from_label(name, taken), name=name, sections=[DraftSection("Study")])

    def all_fields(self) -> list[DraftField]:
        return [item for section in self.sections for item in section.fields]

    def taken(self, group: DraftField | None = None) -> set[str]:
        """The keys a new field cannot have at one level: those in use, and those of
        the saved form's fields (a field deleted and another added in one sitting are
        two fields: the old one's answers must not pass to the new one)."""
        reserved = group.reserved if group is not None else self.reserved
        return self.keys(group) | reserved

    def keys(self, group: DraftField | None = None) -> set[str]:
        """The keys in use at one level: the form's fields, or a group's sub-fields."""
        fields = group.fields if group is not None else self.all_fields()
        return {item.key for item in fields}

    def relabel(self, item: DraftField, label: str, group: DraftField | None = None) -> None:
        """Give a field a new label; a new field's key follows it."""
        item.label = label
        if not item.stored:
            taken = self.taken(group) - {item.key}
            item.key = key_from_label(label, taken)
            if group is not None and group.key_field not in self.keys(group):
                group.key_field = None

    def add_section(self, title: str) -> DraftSection:
        section = DraftSection(title)
        self.sections.append(section)
        return section

    def add_field(
        self, section: DraftSection, label: str, type_name: str = "text", at: int | None = None
    ) -> DraftField:
        item = DraftField(label=label, type=type_name, key=key_from_label(label, self.taken()))
        section.fields.insert(len(section.fields) if at is None else at, item)
        return item

    def add_subfield(self, group: DraftField, label: str, type_name: str = "text") -> DraftField:
        item = DraftField(label=label, type=type_name, key=key_from_label(label, self.taken(group)))
        group.fields.append(item)
        return item

    def section_of(self, item: DraftField) -> DraftSection | None:
        return next((s for s in self.sections if any(f is item for f in s.fields)), None)

    def group_of(self, item: DraftField) -> DraftField | None:
        return next((g for g in self.all_fields() if any(sub is item for sub in g.fields)), None)

    def move(self, thing: DraftSection | DraftField, into: object, index: int) -> bool:
        """Move a section among sections (`into` the draft), a field into a section, or
        a group's field within its group, to `index` there (counted before the move).
        False, changing nothing, for any other move: a field in or out of a group
        would be another field, its answers left behind."""
        if isinstance(thing, DraftSection):
            return into is self and _moved_within(self.sections, thing, index)
        group = self.group_of(thing)
        if group is not None:
            return into is group and _moved_within(group.fields, thing, index)
        section = self.section_of(thing)
        if section is None or not isinstance(into, DraftSection):
            return False
        if into is section:
            return _moved_within(section.fields, thing, index)
        section.fields.remove(thing)
        into.fields.insert(min(index, len(into.fields)), thing)
        return True

    def siblings(self, item: DraftField) -> list[DraftField]:
        """The list a field is in: its group's fields, or its section's."""
        group = self.group_of(item)
        if group is not None:
            return group.fields
        section = self.section_of(item)
        if section is None:
            raise ValueError(f"the field {item.label!r} is not in the draft")
        return section.fields

    def remove(self, thing: DraftSection | DraftField) -> None:
        """Delete a field (with its sub-fields) or a section (with its fields)."""
        if isinstance(thing, DraftSection):
            self.sections.remove(thing)
            return
        group = self.group_of(thing)
        self.siblings(thing).remove(thing)
        if group is not None and group.key_field == thing.key:
            group.key_field = None

    def duplicate(self, thing: DraftField) -> DraftField:
        """A copy of a field just after it, under a key of its own."""
        fields = self.siblings(thing)
        twin = thing.copy(self.taken(self.group_of(thing)))
        fields.insert(next(i for i, f in enumerate(fields) if f is thing) + 1, twin)
        return twin

    def problems(self) -> dict[int, list[str]]:
        """What is wrong, by the `id` of the field or section at fault (FORM_LEVEL for
        the form itself); empty when the form can be saved."""
        found: dict[int, list[str]] = {}

        def say(owner: object, text: str) -> None:
            found.setdefault(FORM_LEVEL if owner is self else id(owner), []).append(text)

        if not self.name.strip():
            say(self, "The form needs a name.")
        if not self.all_fields():
            say(self, "The form has no fields yet: add one.")
        for section in self.sections:
            if not section.title.strip():
                say(section, "The section needs a title.")
        _check_level(self.all_fields(), say, in_group=False)
        return found

    def to_dict(self) -> dict[str, Any]:
        return form_dict(self)

    def to_form(self) -> Form:
        """The Form the draft describes (raises FormError naming each field at fault)."""
        return parse_form(self.to_dict(), f"form '{self.name}'")


def _moved_within(items: list[Any], thing: object, index: int) -> bool:
    """Move `thing` to `index` of the list it is in (an index counted with it still in
    place, as a drop onto a list counts)."""
    at = next(i for i, other in enumerate(items) if other is thing)
    items.pop(at)
    items.insert(min(index - 1 if index > at else index, len(items)), thing)
    return True


def _drafted(item: Field) -> DraftField:
    return DraftField(
        label=item.label,
        type=item.type,
        key=item.key,
        options=list(item.options),
        help=item.help,
        required=item.required,
        unit=item.unit or "",
        min=item.min,
        max=item.max,
        display=item.display,
        fields=[_drafted(sub) for sub in item.fields] if not item.kind.fixed_fields() else [],
        key_field=item.key_field,
        stored=True,
        reserved={sub.key for sub in item.fields},
    )


def _check_level(fields: list[DraftField], say: Any, in_group: bool) -> None:
    seen: dict[str, DraftField] = {}
    for item in fields:
        kind = FIELD_TYPES[item.type]
        if not item.label.strip():
            say(item, "The field needs a label.")
        if item.key in seen:
            twin = seen[item.key]
            say(item, f"{twin.label!r} has the key '{item.key}' too: keys must differ.")
            say(twin, f"{item.label!r} has the key '{item.key}' too: keys must differ.")
        seen.setdefault(item.key, item)
        if kind.holds_rows and in_group:
            say(item, "A group's fields cannot be a group or an outcome table.")
        if kind.takes_options:
            _check_options(item, say)
        if item.min is not None and item.max is not None and item.min > item.max:
            say(item, f"The minimum {item.min:g} is above the maximum {item.max:g}.")
        if item.has_own_fields:
            if not item.fields:
                say(item, "A group needs at least one field: add one.")
            _check_level(item.fields, say, in_group=True)
            if item.key_field is not None and item.key_field not in {s.key for s in item.fields}:
                say(item, f"The key field '{item.key_field}' is not one of the group's fields.")


def _check_options(item: DraftField, say: Any) -> None:
    options = [option.strip() for option in item.options if option.strip()]
    if not options:
        say(item, "A choice field needs at least one choice.")
    folded: set[str] = set()
    for option in options:
        if option.casefold() in folded:
            say(item, f"The choice {option!r} appears twice.")
        folded.add(option.casefold())
        if "|" in option:
            say(item, f"The choice {option!r} must not contain '|'.")
