"""Zip files: written with the same bytes for the same content (XLSX, DOCX,
packages), read from untrusted packages with each entry's size checked."""

from __future__ import annotations

import io
import zipfile

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


def read_entries(archive: zipfile.ZipFile, source: str, limit: int) -> dict[str, bytes]:
    """Every entry of an archive from a user, each at most `limit` bytes unpacked; a
    clear InputError naming the file and the entry otherwise."""
    contents: dict[str, bytes] = {}
    for info in archive.infolist():
        if info.file_size > limit:
            raise InputError.at(source, info.filename, f"entry larger than {limit // 2**20} MB")
        try:
            contents[info.filename] = archive.read(info)
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            raise InputError.at(source, info.filename, f"damaged ({exc})") from None
    return contents
