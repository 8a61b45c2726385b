import pytest

from extractor.core.errors import FormError
from extractor.core.form_draft import FORM_LEVEL, FormDraft, key_from_label
from extractor.core.forms import load_form_json, parse_form


def test_keys_are_made_from_labels_once_and_never_clash():
    assert key_from_label("Study design", set()) == "study_design"
    assert key_from_label("Âge (années)", set()) == "age_annees"
    assert key_from_label("5-year survival", set()) == "f_5_year_survival"
    assert key_from_label("???", set()) == "field"
    assert key_from_label("Dose", {"dose", "dose_2"}) == "dose_3"


def test_a_new_field_follows_its_label_and_a_saved_one_keeps_its_key():
    form = parse_form(
        {"key": "f", "name": "F", "sections": [{"title": "S", "fields": [
            {"key": "country", "label": "Country", "type": "text"}]}]},
        "test",
    )  # fmt: skip
    draft = FormDraft.of(form)
    saved = draft.sections[0].fields[0]
    draft.relabel(saved, "Country of the study")
    assert saved.key == "country"
    fresh = draft.add_field(draft.sections[0], "New field")
    draft.relabel(fresh, "Country")
    assert fresh.key == "country_2"  # the saved field has "country"
    draft.relabel(fresh, "Setting")
    assert fresh.key == "setting"


def test_every_problem_is_filed_at_the_field_at_fault():
    draft = FormDraft.new("", set())
    assert draft.problems()[FORM_LEVEL] == [
        "The form needs a name.",
        "The form has no fields yet: add one.",
    ]
    draft.name = "Trial form"
    section = draft.sections[0]
    choice = draft.add_field(section, "Design", "choice")
    number = draft.add_field(section, "Patients", "integer")
    number.min, number.max = 10, 2
    group = draft.add_field(section, "Arms", "group")
    twin = draft.add_field(section, "Other")
    twin.key = number.key
    found = draft.problems()
    assert found[id(choice)] == ["A choice field needs at least one choice."]
    assert sorted(found[id(number)]) == [
        "'Other' has the key 'patients' too: keys must differ.",
        "The minimum 10 is above the maximum 2.",
    ]
    assert found[id(twin)] == ["'Patients' has the key 'patients' too: keys must differ."]
    assert found[id(group)] == ["A group needs at least one field: add one."]
    choice.options = ["RCT", "rct", "a|b"]
    assert found_for(draft, choice) == [
        "The choice 'rct' appears twice.",
        "The choice 'a|b' must not contain '|'.",
    ]


def found_for(draft, item):
    return draft.problems().get(id(item), [])


def test_a_draft_without_problems_makes_the_form_it_shows():
    draft = FormDraft.new("Trial form", {"trial_form"})
    assert draft.key == "trial_form_2"
    section = draft.sections[0]
    design = draft.add_field(section, "Design", "choice")
    design.options = ["RCT", " Cohort ", ""]
    arms = draft.add_field(section, "Arms", "group")
    agent = draft.add_subfield(arms, "Agent")
    draft.add_subfield(arms, "Patients", "integer").min = 0
    arms.key_field = agent.key
    draft.add_field(section, "Events", "dichotomous")
    assert draft.problems() == {}
    form = draft.to_form()
    assert form.field("design").options == ("RCT", "Cohort")
    assert form.field("arms").key_field == "agent"
    assert [s.key for s in form.field("events").fields][:3] == ["outcome", "timepoint", "arm"]
    assert load_form_json(form.to_json(), "round trip") == form
    assert FormDraft.of(form).to_dict() == form.to_dict()


def test_retyping_drops_what_the_new_type_does_not_take():
    draft = FormDraft.new("F", set())
    item = draft.add_field(draft.sections[0], "Dose", "decimal")
    item.min, item.unit = 0, "mg"
    item.retype("choice")
    assert (item.min, item.unit) == (None, "")
    item.options = ["low"]
    item.retype("text")
    assert item.options == []


def test_a_copy_is_a_new_field_with_its_own_key():
    draft = FormDraft.new("F", set())
    arms = draft.add_field(draft.sections[0], "Arms", "group")
    draft.add_subfield(arms, "Agent")
    twin = arms.copy(draft.keys())
    assert twin.key == "arms_2" and [s.key for s in twin.fields] == ["agent"]
    assert twin.fields[0] is not arms.fields[0]


def test_a_malformed_form_names_the_field_at_fault():
    with pytest.raises(FormError) as raised:
        parse_form(
            {"key": "f", "name": "F", "sections": [{"title": "S", "fields": [
                {"key": "arms", "label": "Arms", "type": "group", "fields": [
                    {"key": "n", "label": "N", "type": "integer", "min": 5, "max": 1}]}]}]},
            "form.json",
        )  # fmt: skip
    assert "form.json, form 'f', field 'arms.n': min 5 is greater than max 1" in str(raised.value)


def test_fields_move_among_sections_and_sub_fields_only_within_their_group():
    draft = FormDraft.new("F", set())
    first = draft.sections[0]
    second = draft.add_section("Outcomes")
    a, b, c = (draft.add_field(first, label) for label in ("A", "B", "C"))
    arms = draft.add_field(second, "Arms", "group")
    x, y = draft.add_subfield(arms, "X"), draft.add_subfield(arms, "Y")
    assert draft.move(c, first, 0) and [f.label for f in first.fields] == ["C", "A", "B"]
    assert draft.move(c, first, 3) and [f.label for f in first.fields] == ["A", "B", "C"]
    assert draft.move(a, second, 1) and [f.label for f in second.fields] == ["Arms", "A"]
    assert draft.move(y, arms, 0) and [f.label for f in arms.fields] == ["Y", "X"]
    assert not draft.move(x, first, 0)  # out of its group: another field
    assert not draft.move(b, arms, 0)  # into a group
    assert not draft.move(first, second, 0)  # a section inside a section
    assert draft.move(second, draft, 0) and draft.sections == [second, first]
    twin = draft.duplicate(b)
    assert [f.label for f in first.fields] == ["B", "B", "C"] and twin.key == "b_2"
    arms.key_field = x.key
    draft.remove(x)
    assert arms.key_field is None and arms.fields == [y]
    draft.remove(second)
    assert draft.sections == [first]


def test_a_new_field_never_takes_the_key_of_a_saved_field_deleted_meanwhile():
    form = parse_form(
        {"key": "f", "name": "F", "sections": [{"title": "S", "fields": [
            {"key": "country", "label": "Country", "type": "text"},
            {"key": "arms", "label": "Arms", "type": "group", "fields": [
                {"key": "agent", "label": "Agent", "type": "text"}]}]}]},
        "test",
    )  # fmt: skip
    draft = FormDraft.of(form)
    section = draft.sections[0]
    country, arms = section.fields
    draft.remove(country)
    again = draft.add_field(section, "New field", "choice")
    draft.relabel(again, "Country")
    assert again.key == "country_2"  # not the deleted field's: its answers are not this one's
    draft.remove(arms.fields[0])
    assert draft.add_subfield(arms, "Agent").key == "agent_2"
