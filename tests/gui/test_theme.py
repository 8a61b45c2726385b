"""A chosen theme shows on any platform, and our own colours follow it."""

import pytest

from extractor.gui.theme import apply_theme, is_dark, muted, tint

pytestmark = pytest.mark.gui


@pytest.fixture
def themed(qapp):
    yield qapp
    apply_theme("system")


def test_dark_and_light_are_set_even_where_the_platform_has_no_scheme(themed):
    apply_theme("dark")
    assert is_dark() and themed.style().name().lower() == "fusion"
    assert tint("resolved").lightness() < 100  # a light tint under light text is unreadable
    assert muted() == "#9aa0a6"
    apply_theme("light")
    assert not is_dark()
    assert tint("resolved").lightness() > 200 and muted() == "#5f6368"
    apply_theme("dark")
    apply_theme("system")  # back to the platform's own look, not left dark
    assert not is_dark()
