"""The formats of each output: declared once, offered by the save dialogs, and a
wrong suffix names the choices."""

from pathlib import Path

import pytest

from extractor.app import formats
from extractor.core.errors import InputError


def test_a_suffix_picks_its_format_in_any_case_and_by_alias():
    assert formats.ROB_FIGURES.format_of(Path("fig.TIF")).suffix == ".tiff"
    assert formats.DATA.format_of(Path("data.Xlsx")).name == "Excel workbook"


def test_a_wrong_suffix_names_the_file_and_every_choice():
    with pytest.raises(InputError) as raised:
        formats.ROB_FIGURES.format_of(Path("out/fig.jpg"))
    assert str(raised.value) == (
        "out/fig.jpg: choose a file ending .pdf, .png, .tiff or .csv (robvis)"
    )


def test_a_save_dialog_offers_the_formats_in_order():
    assert formats.ROB_FIGURES.dialog_filter() == (
        "PDF (*.pdf);;PNG image (*.png);;TIFF image (*.tiff *.tif);;robvis CSV (*.csv)"
    )
