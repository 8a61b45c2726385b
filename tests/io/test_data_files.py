"""The data workbook's sheets: names Excel accepts, unique, whatever the forms are called."""

from openpyxl import Workbook

from extractor.core.forms import parse_form
from extractor.io.data_files import data_workbook, sheet_title


def test_sheet_names_are_valid_and_unique_in_any_case():
    book = Workbook()
    long = "Interventions and comparators of each arm: details"
    names = []
    for title in (long, long, long.upper(), "'quoted'", "a/b[c]:d*e?f\\g", "", "   "):
        names.append(sheet_title(book, title))
        book.create_sheet(names[-1])
    assert all(0 < len(name) <= 31 for name in names)
    assert len({name.casefold() for name in names}) == len(names)
    assert not any(set(name) & set("[]:*?/\\") for name in names)
    assert not any(name.startswith("'") or name.endswith("'") for name in names)
    assert names[1].endswith(" (2)") and names[2].endswith(" (3)")


def test_a_workbook_of_forms_with_long_names_opens_in_excel_terms():
    group = {
        "key": "arms",
        "label": "Arms of the trial with their doses",
        "type": "group",
        "fields": [{"key": "agent", "label": "Agent", "type": "text"}],
    }
    forms = [
        parse_form(
            {
                "key": f"f{n}",
                "name": "Characteristics of the included studies, long",
                "version": 1,
                "sections": [{"title": "S", "fields": [group]}],
            },
            "test",
        )
        for n in (1, 2)
    ]
    book = data_workbook([(form, []) for form in forms], {})
    assert len(book.sheetnames) == 5  # a sheet per form and per group, and the evidence
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert len({name.casefold() for name in book.sheetnames}) == 5
