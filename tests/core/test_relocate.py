"""A quote found again in another version of its PDF, whatever the new layout."""

from extractor.core.relocate import find_quote
from extractor.core.selection import Word


def line(texts: str, y: float, first: int = 0) -> list[Word]:
    words, x = [], 72.0
    for index, text in enumerate(texts.split()):
        words.append(Word(x, y, x + 8 * len(text), y + 10, text, first + index, line=int(y)))
        x += 8 * len(text) + 4
    return words


def page(*lines: str) -> list[Word]:
    words: list[Word] = []
    for number, text in enumerate(lines):
        words += line(text, 72 + 14 * number, len(words))
    return words


def test_a_quote_broken_over_lines_elsewhere_is_found_with_the_words_it_covers():
    pages = [
        page("Title of the article"),
        page("The patients had a shal-", "low response to steroids and", "were given rituximab."),
    ]
    found = find_quote(pages, "a shallow response to steroids", near=1)
    assert found is not None and found.page == 2
    words = pages[1]
    assert found.rects == tuple(w.rect for w in words[3:9])  # "a" … "steroids"


def test_case_ligatures_and_spacing_do_not_hide_a_quote():
    pages = [page("ALT normalised in ﬁve of six patients.")]
    found = find_quote(pages, "alt  normalised in five", near=1)
    assert found is not None and found.rects == tuple(w.rect for w in pages[0][:4])


def test_the_page_nearest_the_old_one_wins_when_the_quote_is_on_several():
    pages = [page("In Switzerland"), page("Other text"), page("Other"), page("In Switzerland")]
    assert find_quote(pages, "Switzerland", near=4).page == 4
    assert find_quote(pages, "Switzerland", near=2).page == 1


def test_a_quote_the_new_file_does_not_hold_is_not_found():
    pages = [page("The patients were treated in Zurich")]
    assert find_quote(pages, "treated in Geneva", near=1) is None
    assert find_quote(pages, " - ", near=1) is None  # nothing left to look for
    assert find_quote([], "anything", near=1) is None
