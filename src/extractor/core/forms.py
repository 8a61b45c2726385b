"""Form definitions: the fields a reviewer fills in, loaded from JSON and checked.

The JSON shape is the public one of CLI.md: a form has a key, a name, a kind, a
version and sections of fields; a `group` field holds repeating rows of its own
sub-fields. Loading checks everything a later step relies on, so that a bad
definition fails once, here, with the form and field named.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from extractor.core.errors import ExtractorError, FormError, locate
from extractor.core.field_types import FIELD_TYPES, FieldKind
from extractor.core.field_types.choices import YESNO_OPTIONS
from extractor.core.paths import FieldPath


class FormKind(StrEnum):
    EXTRACTION = "extraction"
    ROB = "rob"


__all__ = ["YESNO_OPTIONS", "Field", "Form", "FormKind", "Section"]

_KEY_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FIELD_KEYS = frozenset(
    {
        "key",
        "label",
        "type",
        "options",
        "min",
        "max",
        "unit",
        "help",
        "required",
        "fields",
        "key_field",
        "display",
    }
)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str  # a name in FIELD_TYPES
    options: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    help: str = ""
    required: bool = False
    display: str | None = None
    fields: tuple[Field, ...] = ()
    key_field: str | None = None

    @property
    def kind(self) -> FieldKind:
        return FIELD_TYPES[self.type]

    @property
    def is_group(self) -> bool:
        return self.kind.holds_rows

    @property
    def choices(self) -> tuple[str, ...]:
        """The allowed values of a categorical field, in display order."""
        return self.kind.choices(self)

    def subfield(self, key: str) -> Field | None:
        return next((sub for sub in self.fields if sub.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return field_dict(self)


def form_dict(form: Any) -> dict[str, Any]:
    """A form's JSON, of a Form or of a form being drafted (anything with a Form's
    attributes and sections of fields)."""
    data: dict[str, Any] = {
        "key": form.key,
        "name": form.name.strip(),
        "kind": form.kind.value,
        "version": form.version,
    }
    if form.description:
        data["description"] = form.description
    data.update(form.extra)
    data["sections"] = [
        {"title": s.title.strip(), "fields": [field_dict(f) for f in s.fields]}
        for s in form.sections
    ]
    return data


def field_dict(item: Any) -> dict[str, Any]:
    """A field's JSON, of a Field or of a field being drafted (anything with a Field's
    attributes): what its type takes and it gives, nothing empty."""
    data: dict[str, Any] = {"key": item.key, "label": item.label, "type": item.type}
    kind = FIELD_TYPES[item.type]
    options = [option.strip() for option in item.options if option.strip()]
    if options:
        data["options"] = options
    for name in ("min", "max"):
        bound = getattr(item, name)
        if bound is not None:
            data[name] = int(bound) if float(bound).is_integer() else bound
    for name in ("unit", "help"):
        if getattr(item, name):
            data[name] = getattr(item, name)
    if item.required:
        data["required"] = True
    if item.display:
        data["display"] = item.display
    if kind.holds_rows and not kind.fixed_fields():
        data["fields"] = [field_dict(sub) for sub in item.fields]
        if item.key_field:
            data["key_field"] = item.key_field
    return data


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Form:
    key: str
    name: str
    kind: FormKind
    version: int
    sections: tuple[Section, ...]
    description: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def fields(self) -> Iterator[Field]:
        """Every top-level field, groups included, in form order."""
        for section in self.sections:
            yield from section.fields

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields() if f.key == key), None)

    def scalar_fields(self) -> list[Field]:
        return [f for f in self.fields() if not f.is_group]

    def groups(self) -> list[Field]:
        return [f for f in self.fields() if f.is_group]

    def resolve(self, path: str) -> tuple[Field | None, Field] | None:
        """Find `key` or `group.sub`; returns (group or None, field), or None if unknown."""
        head, _, tail = path.partition(".")
        top = self.field(head)
        if top is None:
            return None
        if not tail:
            return None if top.is_group else (None, top)
        sub = top.subfield(tail) if top.is_group else None
        return None if sub is None else (top, sub)

    def describe(self, path: str) -> str:
        """A field path in the words of the form ("Arms 2: Patients"); the path itself
        where the form does not hold it."""
        try:
            parsed = FieldPath.parse(path)
        except ExtractorError:
            return path
        top = self.field(parsed.key)
        if top is None:
            return path
        shared = sum(1 for other in self.fields() if other.label == top.label) > 1
        # A checklist's many "Answer"s are told apart by their question, the section.
        section = next((s.title for s in self.sections if top in s.fields), top.key)
        label = f"{section}: {top.label}" if shared else top.label
        label += f" {parsed.row}" if parsed.row is not None else ""
        sub = top.subfield(parsed.sub) if parsed.sub else None
        return f"{label}: {sub.label}" if sub is not None else label

    def to_dict(self) -> dict[str, Any]:
        return form_dict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def load_form_json(text: str, source: str) -> Form:
    """Parse a form definition from JSON text; `source` names it in errors."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormError(
            source, [locate(source, exc.lineno, f"not valid JSON ({exc.msg}, column {exc.colno})")]
        ) from None
    return parse_form(data, source)


def parse_form(data: Any, source: str) -> Form:
    """Build a Form from decoded JSON, reporting every problem found."""
    return _FormParser(source).parse(data)


class _FormParser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []
        self.form_key = "?"

    def problem(self, where: str | None, text: str) -> None:
        place = f"form '{self.form_key}'" + (f", field '{where}'" if where else "")
        self.problems.append(locate(self.source, place, text))

    def parse(self, data: Any) -> Form:
        if not isinstance(data, dict):
            raise FormError(self.source, [locate(self.source, None, "a form must be an object")])
        key = data.get("key")
        if isinstance(key, str) and _KEY_PATTERN.match(key):
            self.form_key = key
        else:
            self.problem(None, f"key {key!r} must be a name of letters, digits and _")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            self.problem(None, "name must be a non-empty text")
        kind = data.get("kind", FormKind.EXTRACTION.value)
        if kind not in {k.value for k in FormKind}:
            self.problem(None, f"kind {kind!r} must be one of {_listing(FormKind)}")
            kind = FormKind.EXTRACTION.value
        version = data.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem(None, f"version {version!r} must be a whole number from 1")
            version = 1
        sections = self._sections(data.get("sections"))
        if self.problems or not isinstance(key, str) or not isinstance(name, str):
            # A key or name that is not a text has been reported above.
            raise FormError(self.source, self.problems)
        known = {"key", "name", "kind", "version", "sections", "description"}
        return Form(
            key=key,
            name=name.strip(),
            kind=FormKind(kind),
            version=version,
            sections=sections,
            description=str(data.get("description", "")),
            extra={k: v for k, v in data.items() if k not in known},
        )

    def _sections(self, raw: Any) -> tuple[Section, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(None, "sections must be a non-empty list")
            return ()
        seen: set[str] = set()
        sections = []
        for number, section in enumerate(raw, start=1):
            if not isinstance(section, dict) or not isinstance(section.get("fields"), list):
                self.problem(None, f"section {number} must be an object with a list of fields")
                continue
            title = str(section.get("title", f"Section {number}"))
            fields = tuple(self._fields(section["fields"], seen, prefix="", in_group=False))
            sections.append(Section(title=title, fields=fields))
        if not any(s.fields for s in sections) and not self.problems:
            self.problem(None, "the form has no fields")
        return tuple(sections)

    def _fields(
        self, raw: list[Any], seen: set[str], prefix: str, in_group: bool
    ) -> Iterator[Field]:
        for number, item in enumerate(raw, start=1):
            if not isinstance(item, dict):
                self.problem(f"{prefix}#{number}", "a field must be an object")
                continue
            parsed = self._field(item, seen, prefix, in_group, number)
            if parsed is not None:
                yield parsed

    def _field(
        self, item: dict[str, Any], seen: set[str], prefix: str, in_group: bool, number: int
    ) -> Field | None:
        key = item.get("key")
        if not isinstance(key, str) or not _KEY_PATTERN.match(key):
            self.problem(
                f"{prefix}#{number}", f"key {key!r} must be a name of letters, digits and _"
            )
            return None
        path = prefix + key
        if path in seen:
            self.problem(path, "duplicate key")
            return None
        seen.add(path)
        unknown = sorted(set(item) - _FIELD_KEYS)
        if unknown:
            self.problem(path, f"unknown propert{'y' if len(unknown) == 1 else 'ies'} {unknown}")
        raw_type = item.get("type")
        kind = FIELD_TYPES.get(raw_type) if isinstance(raw_type, str) else None
        if kind is None:
            self.problem(
                path, f"unknown type {raw_type!r} (expected one of {', '.join(FIELD_TYPES)})"
            )
            return None
        if kind.holds_rows and in_group:
            self.problem(path, "a group cannot hold another group")
            return None
        label = item.get("label", key)
        if not isinstance(label, str) or not label.strip():
            self.problem(path, "label must be a non-empty text")
            label = key
        options = self._options(item, kind, path)
        low, high = self._bound(item, "min", path), self._bound(item, "max", path)
        if (low is not None or high is not None) and not kind.takes_bounds:
            self.problem(path, f"min and max apply only to {_types_that('takes_bounds')} fields")
        if low is not None and high is not None and low > high:
            self.problem(path, f"min {low:g} is greater than max {high:g}")
        display = item.get("display")
        if display is not None and display not in {"combo", "radio"}:
            self.problem(path, f"display {display!r} must be 'combo' or 'radio'")
        subfields: tuple[Field, ...] = ()
        key_field = item.get("key_field")
        if kind.fixed_fields():
            if "fields" in item or key_field is not None:
                self.problem(path, f"the {kind.name} type has its own fields; give none")
            subfields = tuple(
                self._fields(list(kind.fixed_fields()), seen, prefix=path + ".", in_group=True)
            )
        elif kind.holds_rows:
            raw_subs = item.get("fields")
            if not isinstance(raw_subs, list) or not raw_subs:
                self.problem(path, "a group needs a non-empty list of fields")
            else:
                subfields = tuple(self._fields(raw_subs, seen, prefix=path + ".", in_group=True))
            if key_field is not None and key_field not in {s.key for s in subfields}:
                self.problem(path, f"key_field {key_field!r} is not one of the group's fields")
        elif "fields" in item or key_field is not None:
            self.problem(path, "only a group has fields and a key_field")
        return Field(
            key=key,
            label=label.strip(),
            type=kind.name,
            options=options,
            min=low,
            max=high,
            unit=_optional_text(item.get("unit")),
            help=str(item.get("help", "")),
            required=bool(item.get("required", False)),
            display=display,
            fields=subfields,
            key_field=key_field,
        )

    def _options(self, item: dict[str, Any], kind: FieldKind, path: str) -> tuple[str, ...]:
        raw = item.get("options")
        if not kind.takes_options:
            if raw is not None:
                self.problem(path, f"options apply only to {_types_that('takes_options')} fields")
            return ()
        if not isinstance(raw, list) or not raw:
            self.problem(path, "a choice field needs a non-empty list of options")
            return ()
        options: list[str] = []
        for option in raw:
            if not isinstance(option, str) or not option.strip():
                self.problem(path, f"option {option!r} must be a non-empty text")
            elif option.strip().casefold() in {o.casefold() for o in options}:
                self.problem(path, f"option {option!r} appears twice")
            elif "|" in option:
                self.problem(path, f"option {option!r} must not contain '|'")
            else:
                options.append(option.strip())
        return tuple(options)

    def _bound(self, item: dict[str, Any], name: str, path: str) -> float | None:
        raw = item.get(name)
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            self.problem(path, f"{name} {raw!r} must be a number")
            return None
        return float(raw)


def _types_that(property_name: str) -> str:
    names = [name for name, kind in FIELD_TYPES.items() if getattr(kind, property_name)]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _listing(kind: type[StrEnum]) -> str:
    return ", ".join(member.value for member in kind)


def _optional_text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
