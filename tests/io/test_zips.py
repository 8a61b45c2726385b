"""Archives from users: limits and names are checked before anything is unpacked."""

import io
import random
import stat
import zipfile

import pytest

from extractor.core.errors import InputError
from extractor.zips import ZipLimits, read_entries

from helpers import dump, run_cli

NOISE = random.Random(1).randbytes(3 * 2**20 + 1)  # does not compress
LIMITS = ZipLimits(entries=3, entry_bytes=4 * 2**20, total_bytes=6 * 2**20)


def archive(*entries: tuple[str | zipfile.ZipInfo, bytes]) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            out.writestr(name, data)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def link(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize(
    ("entries", "problem"),
    [
        ([(f"e{n}", b"x") for n in range(4)], "4 entries; at most 3"),
        ([("../evil.json", b"{}")], "a path outside the package"),
        ([("/etc/passwd", b"x")], "a path outside the package"),
        ([("C:\\windows.txt", b"x")], "a path outside the package"),
        ([(link("answers.json"), b"/etc/passwd")], "a link"),
        ([("big", b"0" * (5 * 2**20))], "entry larger than 4 MB"),
        ([("a", NOISE), ("b", NOISE)], "unpacks to more than 6 MB"),
        ([("bomb", b"\0" * (2 * 2**20))], "zip bomb"),
    ],
)
def test_a_hostile_archive_is_refused_before_it_is_unpacked(entries, problem):
    with pytest.raises(InputError, match=problem):
        read_entries(archive(*entries), "p.zip", LIMITS)


def test_an_entry_larger_than_it_declares_is_cut_at_its_declared_size():
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as out:
        out.writestr("answers.json", b"0123456789")
    lying = raw.getvalue().replace((10).to_bytes(4, "little"), (4).to_bytes(4, "little"))
    with pytest.raises(InputError, match=r"answers\.json"):
        read_entries(zipfile.ZipFile(io.BytesIO(lying)), "p.zip", LIMITS)


def test_a_bomb_given_as_a_package_changes_nothing(project, tmp_path, capsys):
    bomb = tmp_path / "package.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("manifest.json", b"{}")
        out.writestr("answers.json", b" " * (60 * 2**20))
    before = dump(project.path)
    code, _, err = run_cli(capsys, "package", "import", project.path, bomb)
    assert code == 1 and "zip bomb" in err and "answers.json" in err
    assert dump(project.path) == before
