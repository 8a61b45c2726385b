from extractor.core.form_changes import Change, Fate, compare_forms, fate, revise_data
from extractor.core.forms import parse_form
from extractor.core.model import ExtractionData, Status


def form(*sections):
    return parse_form(
        {
            "key": "f",
            "name": "F",
            "sections": [{"title": title, "fields": fields} for title, fields in sections],
        },
        "test",
    )


DESIGN = {"key": "design", "label": "Design", "type": "choice", "options": ["RCT", "Cohort"]}
N = {"key": "n", "label": "Patients", "type": "integer", "min": 0}
ARMS = {
    "key": "arms",
    "label": "Arms",
    "type": "group",
    "fields": [
        {"key": "agent", "label": "Agent", "type": "text"},
        {"key": "dose", "label": "Dose", "type": "text"},
    ],
}
OLD = form(
    ("Study", [DESIGN, N, {"key": "notes", "label": "Notes", "type": "text"}]), ("Arms", [ARMS])
)


def changes(old, new):
    return {(c.change, c.path): c.detail for c in compare_forms(old, new)}


def test_renamed_moved_added_and_removed_fields_are_told_apart():
    new = form(
        ("Study", [{**N, "label": "Participants"}, DESIGN]),
        ("Setting", [{"key": "country", "label": "Country", "type": "text"}]),
        ("Arms", [{**ARMS, "fields": [ARMS["fields"][1], ARMS["fields"][0]]}]),
    )
    found = changes(OLD, new)
    assert found[(Change.RENAMED, "n")] == "'Patients' → 'Participants'"
    assert (Change.ADDED, "country") in found
    assert (Change.REMOVED, "notes") in found
    moved = {path for change, path in found if change == Change.MOVED}
    assert len(moved & {"n", "design"}) == 1  # one move explains the new order
    assert len(moved & {"arms.agent", "arms.dose"}) == 1


def test_choices_added_and_removed_and_types_converted_are_listed():
    new = form(
        (
            "Study",
            [
                {**DESIGN, "options": ["RCT", "Cohort", "Case series"]},
                {**N, "type": "decimal"},
                {"key": "notes", "label": "Notes", "type": "longtext"},
            ],
        ),
        ("Arms", [ARMS]),
    )
    found = changes(OLD, new)
    assert found[(Change.CHOICES_ADDED, "design")] == "'Case series'"
    assert found[(Change.CONVERTED, "n")] == "integer → decimal"
    assert found[(Change.CONVERTED, "notes")] == "text → longtext"
    fewer = form(("Study", [{**DESIGN, "options": ["RCT"]}, N]), ("Arms", [ARMS]))
    assert changes(OLD, fewer)[(Change.CHOICES_REMOVED, "design")] == "'Cohort'"


def test_a_removed_group_is_one_change_not_one_per_sub_field():
    found = changes(OLD, form(("Study", [DESIGN, N])))
    assert {path for change, path in found if change == Change.REMOVED} == {"notes", "arms"}


def test_each_answer_is_carried_converted_or_lost_with_the_reason():
    new = form(
        (
            "Study",
            [
                {**DESIGN, "options": ["rct", "Case series"]},
                {"key": "n", "label": "Patients", "type": "decimal", "max": 100},
                {"key": "notes", "label": "Notes", "type": "integer"},
            ],
        ),
    )
    assert fate(OLD, new, "design", "RCT").value == "rct"  # the option it names
    assert fate(OLD, new, "design", "Cohort").lost == "'Cohort' is no longer a choice"
    assert fate(OLD, new, "n", 12).value == 12.0
    assert fate(OLD, new, "n", 120) == Fate(None, "120 is above the maximum 100")
    assert fate(OLD, new, "notes", "12").value == 12
    assert fate(OLD, new, "notes", "twelve").lost == "'twelve' is not a whole number"
    assert fate(OLD, new, "arms.agent", "X").lost == "its group was removed"
    assert fate(OLD, new, "unknown", "kept").value == "kept"


def test_a_multiple_choice_loses_only_its_removed_choice():
    many = {"key": "m", "label": "M", "type": "multichoice", "options": ["a", "b", "c"]}
    old = form(("S", [many]))
    new = form(("S", [{**many, "options": ["a", "c"]}]))
    assert fate(old, new, "m", ["a", "b"]).value == ["a"]
    assert fate(old, new, "m", ["a", "b"]).lost == "'b' no longer a choice"
    assert fate(old, new, "m", ["b"]).value is None
    assert fate(old, new, "m", ["a", "c"]).lost == ""


def test_an_extraction_made_on_an_old_version_is_carried_to_the_new_one():
    new = form(
        ("Study", [{**N, "type": "decimal"}]), ("Arms", [{**ARMS, "fields": [ARMS["fields"][0]]}])
    )
    data = ExtractionData(
        values={"design": "RCT", "n": 12, "notes": "x"},
        groups={"arms": [{"agent": "A", "dose": "5 mg"}, {"agent": "B", "dose": None}]},
        evidence={"n": [], "notes": [], "arms[1].dose": [], "arms[1].agent": []},
        status=Status.COMPLETE,
    )
    revised, lost = revise_data(OLD, new, data)
    assert revised.values == {"n": 12.0}
    assert revised.groups == {"arms": [{"agent": "A"}, {"agent": "B"}]}
    assert set(revised.evidence) == {"n", "arms[1].agent"}
    assert revised.status == Status.COMPLETE
    assert {(item.place, item.reason) for item in lost} == {
        ("design", "the field was removed"),
        ("notes", "the field was removed"),
        ("arms[1].dose", "the field was removed"),
    }
