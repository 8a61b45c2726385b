"""Dual review's rules that are not arithmetic: pairs, named disagreements, decisions,
and when two records are the same study."""

import pytest

from extractor.core.compare import Conflict
from extractor.core.decisions import decide, named_disagreement, pair_of
from extractor.core.errors import InputError, NotFoundError, RefusedError, UsageError
from extractor.core.identity import StudyIndex
from extractor.core.model import Citation, ReviewerInfo


def reviewer(name: str) -> ReviewerInfo:
    return ReviewerInfo(id=name.lower(), name=name, initials=name[:2])


ANN, BOB, CAT = reviewer("Ann"), reviewer("Bob"), reviewer("Cat")


def test_a_pair_is_the_first_two_who_answered_unless_one_is_assigned():
    people = [ANN, BOB, CAT]
    assert pair_of(people, {"bob", "cat", "ann"}, []) == (ANN, BOB)
    assert pair_of(people, {"bob", "cat"}, []) == (BOB, CAT)
    assert pair_of(people, {"ann"}, []) is None
    assert pair_of(people, {"ann", "bob", "cat"}, [CAT, ANN]) == (CAT, ANN)
    assert pair_of(people, {"ann", "bob"}, [CAT, ANN]) is None  # Cat has not answered
    assert pair_of(people, {"ann", "bob", "cat"}, [CAT]) is None  # Cat is not among the first two


class Found:
    def __init__(self, form: str, result: str, path: str) -> None:
        self.form, self.result = form, result
        self.conflict = Conflict(path, path.split("[")[0], "x", "y")


def test_a_path_names_one_disagreement_or_says_what_there_is():
    found = [Found("aih", "", "design"), Found("rob2", "ALT", "d1"), Found("rob2", "AST", "d1")]
    assert named_disagreement(found, "Kolev", "design", None, None) is found[0]
    assert named_disagreement(found, "Kolev", "d1", None, "AST") is found[2]
    with pytest.raises(
        NotFoundError, match=r"no disagreement at 'age' \(disagreements: d1, design\)"
    ):
        named_disagreement(found, "Kolev", "age", None, None)
    with pytest.raises(RefusedError, match="several places"):
        named_disagreement(found, "Kolev", "d1", None, None)


def test_a_decision_is_checked_against_its_field(small_form):
    design = Conflict("design", "design", "Cohort", "RCT")
    assert decide(small_form, design, take="b") == ("B", "RCT")
    assert decide(small_form, design, text="Case series") == ("edited", "Case series")
    with pytest.raises(UsageError):
        decide(small_form, design, take="C")
    patients = Conflict("arms[1].patients", "arms.patients", 3, 4)
    assert decide(small_form, patients, text="5") == ("edited", 5)
    with pytest.raises(InputError, match=r"^arms\[1\]\.patients: "):
        decide(small_form, patients, text="many")
    row = Conflict("arms[2]", "arms", {"agent": "Rituximab"}, None)
    assert decide(small_form, row, value={"agent": "Rituximab", "patients": 2}) == (
        "edited",
        {"agent": "Rituximab", "patients": 2},
    )
    assert decide(small_form, row, value=None) == ("edited", None)
    with pytest.raises(RefusedError, match="whole row takes --value-json"):
        decide(small_form, row, text="Rituximab")
    with pytest.raises(NotFoundError, match="no field 'dose'"):
        decide(small_form, row, value={"dose": "1 g"})


def test_the_same_study_by_label_then_doi_then_pmid():
    index: StudyIndex[str] = StudyIndex()
    index.put("s1", "Kolev et al", Citation(doi="10.1/ABC", pmid="123"))
    index.put("s2", "Burak et al", Citation())
    assert index.find("kolev ET AL", Citation()) == "s1"
    assert index.find("Someone", Citation(doi="10.1/abc")) == "s1"
    assert index.find("Someone", Citation(pmid="123")) == "s1"
    assert index.find("Burak et al", Citation(doi="10.1/abc")) == "s2"  # the label first
    assert index.find("Someone", Citation(doi="10.9/other")) is None
    index.put("s1", "Kolev and others", Citation())  # renamed, identifiers dropped
    assert index.find("Kolev et al", Citation()) is None
    assert index.find("Someone", Citation(pmid="123")) is None
    assert index.find("kolev and others", Citation()) == "s1"
