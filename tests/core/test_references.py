"""Reference labels and duplicates."""

from __future__ import annotations

from extractor.core.duplicates import find_duplicates
from extractor.core.references import LabelBook, Reference, labels, normalise_doi


def ref(title, authors=("Smith, John",), year=2019, **more):
    return Reference(title=title, authors=tuple(authors), year=year, **more)


def test_labels_as_tables_name_studies_with_letters_for_the_alike():
    found = labels(
        [
            ref("A", ["Smith, John"]),
            ref("B", ["Smith, John", "Jones, Ann"]),
            ref("C", ["Smith, J", "Jones, A", "Brown, K"]),
            ref("D", ["Smith, Jane", "Lee, M", "Wu, X"]),
            ref("E", ["Müller, Hans"], year=None),
        ]
    )
    assert found == [
        "Smith 2019",
        "Smith and Jones 2019",
        "Smith et al 2019a",
        "Smith et al 2019b",
        "Müller (no year)",
    ]


def test_dois_compare_without_their_case_or_prefix():
    assert (
        normalise_doi("https://doi.org/10.1016/J.JHEP.2022.11.012") == "10.1016/j.jhep.2022.11.012"
    )
    assert (
        normalise_doi("doi: 10.1097/MCG.0000000000001234 [doi]") == "10.1097/mcg.0000000000001234"
    )
    assert normalise_doi("not a doi") is None


def test_certain_and_likely_duplicates():
    references = [
        ref("Belimumab in autoimmune hepatitis", doi="10.1/abc"),  # 0
        ref("Belimumab in Autoimmune Hepatitis.", ["Smith, J."], doi="10.1/abc"),  # 1: same DOI
        ref("Rituximab for refractory AIH: a case series", ["Burak, K"], 2013, pmid="123"),  # 2
        ref(
            "Rituximab for refractory AIH - a case-series", ["Burak, Kelly"], 2013
        ),  # 3: punctuation
        ref("Rituximab for refractory AIH: a case series", ["Burak, K"], 2014),  # 4: another year
        ref("Something else entirely", ["Lee, B"], 2013, pmid="123"),  # 5: same PMID
        ref("Rituximab for refractory AIH: a case series", ["Swain, M"], 2013),  # 6: another author
    ]
    found = [(d.first, d.second, d.certain, d.reason) for d in find_duplicates(references)]
    assert found == [
        (0, 1, True, "same DOI"),
        (2, 5, True, "same PMID"),
        (2, 3, False, "the same title, year and first author"),
    ]


def test_titles_that_differ_by_a_word_are_likely_not_certain():
    a = ref("Belimumab treatment in autoimmune hepatitis: a Swiss case series of six patients")
    b = ref("Belimumab treatment in autoimmune hepatitis: a Swiss case series of 6 patients")
    [pair] = find_duplicates([a, b])
    assert not pair.certain and pair.reason.startswith("titles 9")


def test_new_labels_take_the_next_letter_and_never_rename_the_given():
    book = LabelBook(["Smith et al 2019", "Müller 2020"])
    assert book.new(ref("X", ["Smith, A", "B, B", "C, C"])) == "Smith et al 2019b"
    assert book.new(ref("Y", ["Smith, Z", "D, D", "E, E"])) == "Smith et al 2019c"
    assert book.new(ref("Z", ["Muller, H"], 2020)) == "Muller 2020b"  # accents aside
    assert book.new(ref("W", ["Jones, A"])) == "Jones 2019"
