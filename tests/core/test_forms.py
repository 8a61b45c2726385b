import json

import pytest

from extractor.core.errors import FormError
from extractor.core.field_types import FIELD_TYPES
from extractor.core.forms import FormKind, load_form_json, parse_form
from extractor.resources import resource

ALL_TYPES = {
    "key": "all",
    "name": "Every type",
    "kind": "extraction",
    "version": 2,
    "sections": [
        {
            "title": "One",
            "fields": [
                {"key": "t", "label": "Text", "type": "text", "help": "Say it"},
                {"key": "lt", "label": "Long", "type": "longtext"},
                {"key": "i", "label": "Int", "type": "integer", "min": 0, "max": 10},
                {"key": "d", "label": "Dec", "type": "decimal", "unit": "mg"},
                {"key": "dt", "label": "Date", "type": "date"},
                {"key": "c", "label": "Choice", "type": "choice", "options": ["A", "B"]},
                {"key": "m", "label": "Multi", "type": "multichoice", "options": ["x", "y"]},
                {"key": "yn", "label": "Yes/no", "type": "yesno"},
                {
                    "key": "g",
                    "label": "Group",
                    "type": "group",
                    "key_field": "name",
                    "fields": [
                        {"key": "name", "label": "Name", "type": "text"},
                        {"key": "n", "label": "N", "type": "integer"},
                    ],
                },
                {"key": "di", "label": "Dichotomous", "type": "dichotomous"},
                {"key": "co", "label": "Continuous", "type": "continuous"},
                {"key": "es", "label": "Estimates", "type": "effect_estimate"},
            ],
        }
    ],
}


def test_every_field_type_loads_and_round_trips_through_json():
    form = parse_form(ALL_TYPES, "all.json")
    assert form.kind is FormKind.EXTRACTION
    assert [f.type for f in form.fields()] == list(FIELD_TYPES)
    group = form.field("g")
    assert group is not None and group.key_field == "name"
    assert form.resolve("g.n")[1].type == "integer"
    assert form.resolve("g") is None and form.resolve("nope") is None
    again = load_form_json(form.to_json(), "again.json")
    assert again == form
    continuous = form.field("co")
    assert continuous is not None and continuous.is_group
    assert [sub.key for sub in continuous.fields][:5] == [
        "outcome",
        "timepoint",
        "arm",
        "unit",
        "n",
    ]
    assert form.resolve("es.measure")[1].options == ("OR", "RR", "RD", "HR", "MD", "SMD")
    assert "fields" not in continuous.to_dict()


def test_an_outcome_field_brings_its_own_fields():
    data = json.loads(json.dumps(ALL_TYPES))
    data["sections"][0]["fields"][-1]["fields"] = [{"key": "x", "type": "text"}]
    with pytest.raises(FormError, match=r"field .es.: the effect_estimate type has its own fields"):
        parse_form(data, "own.json")


def test_builtin_forms_are_valid():
    for name in ("forms/study_characteristics.json", "demo/aih_form.json"):
        path = resource(*name.split("/"))
        form = load_form_json(path.read_text(encoding="utf-8"), str(path))
        assert form.groups(), name


def broken(**changes):
    data = json.loads(json.dumps(ALL_TYPES))
    fields = data["sections"][0]["fields"]
    for key, value in changes.items():
        if key == "extra":
            fields.append(value)
        else:
            fields[int(key[1:])].update(value)
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            broken(extra={"key": "x", "label": "X", "type": "number"}),
            "field 'x': unknown type 'number'",
        ),
        (broken(extra={"key": "t", "label": "Again", "type": "text"}), "field 't': duplicate key"),
        (broken(f5={"options": []}), "field 'c': a choice field needs a non-empty list of options"),
        (broken(f5={"options": ["A", "a"]}), "field 'c': option 'a' appears twice"),
        (broken(f0={"options": ["A"]}), "field 't': options apply only to choice"),
        (broken(f2={"min": 5, "max": 1}), "field 'i': min 5 is greater than max 1"),
        (broken(f2={"min": "five"}), "field 'i': min 'five' must be a number"),
        (broken(f8={"key_field": "missing"}), "field 'g': key_field 'missing' is not one of"),
        (
            broken(f8={"fields": [{"key": "inner", "type": "group", "fields": []}]}),
            "field 'g.inner': a group cannot hold another group",
        ),
    ],
)
def test_malformed_definitions_name_the_form_and_the_field(data, expected):
    with pytest.raises(FormError) as caught:
        parse_form(data, "bad.json")
    message = str(caught.value)
    assert message.startswith("bad.json, form 'all'")
    assert expected in message


def test_every_problem_is_reported_at_once():
    data = broken(extra={"key": "x", "type": "nope"}, f5={"options": []})
    with pytest.raises(FormError) as caught:
        parse_form(data, "bad.json")
    assert len(caught.value.problems) == 2


def test_invalid_json_names_the_line():
    with pytest.raises(FormError, match=r"bad.json, line 2: not valid JSON"):
        load_form_json('{"key": "a",\n "name": }', "bad.json")


def test_form_level_problems():
    with pytest.raises(FormError, match="kind 'survey' must be one of extraction, rob"):
        parse_form({**ALL_TYPES, "kind": "survey"}, "f.json")
    with pytest.raises(FormError, match="sections must be a non-empty list"):
        parse_form({"key": "k", "name": "K"}, "f.json")
    with pytest.raises(FormError, match="a form must be an object"):
        parse_form([], "f.json")
