"""Files from users are read in a worker process that may hang, crash or run out of
memory without taking this process with it; each case is reported naming the file."""

import os
import time

import pytest

from extractor.core.errors import InputError
from extractor.pdf.sandbox import in_sandbox, inspect_untrusted

from pdfs import damaged_pdf, encrypted_pdf, text_pdf


def test_a_pdf_is_read_in_another_process():
    assert inspect_untrusted(text_pdf(4), "paper.pdf").pages == 4
    assert in_sandbox(os.getpid, source="paper.pdf") != os.getpid()


def test_a_bad_pdf_is_reported_as_the_reader_found_it():
    with pytest.raises(InputError) as damaged:
        inspect_untrusted(damaged_pdf(), "damaged.pdf")
    assert damaged.value.source == "damaged.pdf" and "damaged.pdf" in str(damaged.value)
    with pytest.raises(InputError, match=r"encrypted\.pdf"):
        inspect_untrusted(encrypted_pdf(), "encrypted.pdf")


def test_a_reader_that_hangs_is_stopped_and_the_next_file_is_read():
    with pytest.raises(InputError, match=r"^hang\.pdf: took longer than 0\.5 s"):
        in_sandbox(time.sleep, 60, source="hang.pdf", timeout=0.5)  # a file made to hang
    assert inspect_untrusted(text_pdf(2), "next.pdf").pages == 2


def test_a_reader_that_dies_is_reported_and_the_next_file_is_read():
    with pytest.raises(InputError, match=r"^crash\.pdf: made the PDF reader stop"):
        in_sandbox(os._exit, 3, source="crash.pdf")  # as MuPDF dies on a malformed file
    assert inspect_untrusted(text_pdf(1), "next.pdf").pages == 1


@pytest.mark.skipif(os.name != "posix", reason="the memory limit needs setrlimit")
def test_a_reader_that_wants_too_much_memory_is_stopped():
    with pytest.raises(InputError, match=r"^bomb\.pdf: needs more memory"):
        in_sandbox(bytearray, 8 * 1024**3, source="bomb.pdf")  # as a decompression bomb does
    assert inspect_untrusted(text_pdf(1), "next.pdf").pages == 1


def test_an_input_error_keeps_its_parts_when_it_travels():
    import pickle

    error = InputError("studies.csv", ["studies.csv, line 2: no label", "studies.csv, line 3: x"])
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.source, copy.problems, str(copy)) == (error.source, error.problems, str(error))
