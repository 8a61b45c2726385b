"""Zip files: written with the same bytes for the same content (XLSX, DOCX,
packages), read from untrusted packages with each entry's size checked."""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass

from extractor.core.errors import InputError

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can say


def stable_zip(raw: bytes) -> bytes:
    """The same archive with every entry's time fixed: writers stamp the save time."""
    stable = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as source,
        zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry.filename))
    return stable.getvalue()


@dataclass(frozen=True)
class ZipLimits:
    """What an archive from a user may unpack to, checked before anything is read."""

    entries: int
    entry_bytes: int
    total_bytes: int
    ratio: int = 100  # unpacked / packed, for entries over a megabyte


def read_entries(archive: zipfile.ZipFile, source: str, limits: ZipLimits) -> dict[str, bytes]:
    """Every entry of an archive from a user, or an InputError naming the file and
    the entry. Counts, sizes, compression ratios and names (no `..`, no absolute
    path, no link) are checked from the directory first; reading stops at the size
    an entry declares, whatever its data says."""
    infos = archive.infolist()
    if len(infos) > limits.entries:
        raise InputError.at(source, None, f"{len(infos)} entries; at most {limits.entries}")
    total = 0
    for info in infos:
        _check_entry(info, source, limits)
        total += info.file_size
    if total > limits.total_bytes:
        raise InputError.at(source, None, f"unpacks to more than {_size(limits.total_bytes)}")
    contents: dict[str, bytes] = {}
    for info in infos:
        try:
            with archive.open(info) as entry:
                data = entry.read(info.file_size + 1)
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
            raise InputError.at(source, info.filename, f"damaged ({exc})") from None
        if len(data) != info.file_size:
            raise InputError.at(source, info.filename, "damaged (its size is not the one declared)")
        contents[info.filename] = data
    return contents


def _check_entry(info: zipfile.ZipInfo, source: str, limits: ZipLimits) -> None:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
        raise InputError.at(source, name, "a path outside the package; refused")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise InputError.at(source, name, "a link; refused")
    if info.file_size > limits.entry_bytes:
        raise InputError.at(source, name, f"entry larger than {_size(limits.entry_bytes)}")
    if info.file_size > 2**20 and info.file_size > limits.ratio * max(info.compress_size, 1):
        raise InputError.at(
            source, name, f"compressed more than {limits.ratio} to 1; refused as a zip bomb"
        )


def _size(limit: int) -> str:
    return f"{limit // 2**30} GB" if limit >= 2**30 else f"{limit // 2**20} MB"
