"""Update packages: studies, PDFs, forms and references the lead adds after
sharing, and the team's title-and-abstract verdicts that open full-text
screening, reach each reviewer's copy; the reviewer's answers stay as they are."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor import __version__
from extractor.core.errors import InputError
from extractor.core.forms import Form, parse_form
from extractor.io.files import json_object
from extractor.pdf.sandbox import inspect_untrusted
from extractor.zips import ZIP_TIME, ZipLimits, read_entries

FORMAT = "extractor-update-package"
FORMAT_VERSION = 1
MAX_ENTRY_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
LIMITS = ZipLimits(entries=20_002, entry_bytes=MAX_ENTRY_BYTES, total_bytes=MAX_TOTAL_BYTES)
_DOCUMENT = re.compile(r"^documents/[0-9a-f]{64}\.pdf$")


def update_bytes(project_id: str, body: dict[str, Any], blobs: dict[str, bytes]) -> bytes:
    """An update package: `body` (forms, studies, documents) and each PDF by its SHA-256."""
    entries = {"project.json": json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")}
    entries |= {f"documents/{sha}.pdf": data for sha, data in blobs.items()}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "application": f"Extractor {__version__}",
        "project_id": project_id,
        "sha256": {name: hashlib.sha256(data).hexdigest() for name, data in entries.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("manifest.json", ZIP_TIME), json.dumps(manifest, indent=2))
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data)
    return buffer.getvalue()


def is_update(path: Path) -> bool:
    """Whether a file is an update package (it is read again, checked, on import)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return bool(json.loads(archive.read("manifest.json")).get("format") == FORMAT)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return False


@dataclass(frozen=True)
class Update:
    """An update package, read and checked: nothing in it has touched a project yet."""

    project_id: str
    forms: list[Form]
    studies: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    contents: dict[str, bytes]  # documents/<sha256>.pdf -> the PDF
    references: list[dict[str, Any]] = field(default_factory=list)
    verdicts: list[dict[str, Any]] = field(default_factory=list)  # the team's, per record
    merged: dict[str, str] = field(default_factory=dict)  # reference id -> the one it joined
    reference_files: list[dict[str, Any]] = field(default_factory=list)  # full texts
    pilots: dict[str, dict[str, Any]] = field(default_factory=dict)  # form key -> its pilot

    def pdf(self, document: dict[str, Any]) -> bytes:
        return self.contents[f"documents/{document['sha256']}.pdf"]


def read_update(path: Path) -> Update:
    """Read an update package whole and check every entry, every form and every PDF."""
    source = str(path)
    manifest, contents = _read(path)
    body = json_object(source, "project.json", contents["project.json"])
    forms = [parse_form(item, f"{source}, project.json") for item in body.get("forms", [])]
    documents = body.get("documents", [])
    reference_files = body.get("reference_files", [])
    if not isinstance(reference_files, list):
        raise InputError.at(source, "project.json", "the full texts are not a list")
    for item in [*documents, *reference_files]:
        name = f"documents/{item.get('sha256')}.pdf"
        if name not in contents:
            raise InputError.at(
                source, "project.json", f"document {item.get('filename')!r} has no file"
            )
        inspect_untrusted(contents[name], f"{source}, {name}")
    references, verdicts, merged = (
        body.get("references", []),
        body.get("verdicts", []),
        body.get("merged", {}),
    )
    if not (
        isinstance(references, list) and isinstance(verdicts, list) and isinstance(merged, dict)
    ):
        raise InputError.at(source, "project.json", "the references are not lists")
    pilots = body.get("pilots", {})
    if not isinstance(pilots, dict) or not all(isinstance(v, dict) for v in pilots.values()):
        raise InputError.at(source, "project.json", "the pilots are not objects by form")
    return Update(
        manifest["project_id"],
        forms,
        body.get("studies", []),
        documents,
        contents,
        references,
        verdicts,
        {str(k): str(v) for k, v in merged.items()},
        reference_files,
        {str(k): v for k, v in pilots.items()},
    )


def _read(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    source = str(path)
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except FileNotFoundError:
        raise InputError.at(source, None, "no such file") from None
    except (OSError, zipfile.BadZipFile):
        raise InputError.at(
            source, None, "not an update package (not a zip file, or damaged)"
        ) from None
    with archive:
        names = [info.filename for info in infos]
        strange = [
            n
            for n in names
            if n not in ("manifest.json", "project.json") and not _DOCUMENT.match(n)
        ]
        if strange or "manifest.json" not in names or "project.json" not in names:
            raise InputError.at(source, None, f"not an update package (entries {strange or names})")
        contents = read_entries(archive, source, LIMITS)
    manifest = json_object(source, "manifest.json", contents.pop("manifest.json"))
    if manifest.get("format") != FORMAT:
        raise InputError.at(source, "manifest.json", "not an update package")
    if (
        not isinstance(manifest.get("format_version"), int)
        or manifest["format_version"] > FORMAT_VERSION
    ):
        raise InputError.at(
            source, "manifest.json", "made by a newer Extractor; update Extractor to import it"
        )
    sums = manifest.get("sha256") or {}
    for name, data in contents.items():
        if hashlib.sha256(data).hexdigest() != sums.get(name):
            raise InputError.at(
                source, name, "checksum does not match: the package was altered or damaged"
            )
    if not isinstance(manifest.get("project_id"), str):
        raise InputError.at(source, "manifest.json", "no project id")
    return manifest, contents
