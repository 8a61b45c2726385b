"""Reviewer packages: one reviewer's answers travel from their copy to the lead.

A package is a zip of `manifest.json` (format version, project and reviewer ids,
a sequence number that grows with every export, SHA-256 of each entry, and an
HMAC of all of it under the reviewer's key, made when their copy was shared),
`answers.json` (a full snapshot of the reviewer's extractions, evidence and
statuses, and of their screening decisions) and `audit.json` (the reviewer's audit chain, for the lead to verify;
absent only from the unsigned packages of copies shared before keys existed). This module reads and writes the file; what a package may change in
a project is decided by the exchange use cases.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from pathlib import Path
from typing import Any, cast

from extractor import __version__
from extractor.core.errors import InputError
from extractor.core.forms import Form
from extractor.core.model import (
    DocumentInfo,
    Evidence,
    ExtractionData,
    ReviewerInfo,
    Status,
    StudyInfo,
)
from extractor.core.paths import FieldPath
from extractor.core.selection import Rect
from extractor.core.values import check_at
from extractor.io.files import json_object, read_input
from extractor.zips import ZIP_TIME, ZipLimits, read_entries

FORMAT = "extractor-reviewer-package"
FORMAT_VERSION = 1
ENTRIES = ("manifest.json", "answers.json", "audit.json")
UNSIGNED_ENTRIES = ENTRIES[:2]
MAX_ENTRY_BYTES = 64 * 1024 * 1024
MAX_PACKAGE_BYTES = 64 * 1024 * 1024
LIMITS = ZipLimits(len(ENTRIES), MAX_ENTRY_BYTES, 2 * MAX_ENTRY_BYTES)
EVENT_TEXT = ("at", "action")  # what every event of a chain names, besides its id


def signature(manifest: dict[str, Any], key: str) -> str:
    """HMAC-SHA256 of the manifest (which holds the answers' checksum) under the
    reviewer's key."""
    unsigned = {name: value for name, value in manifest.items() if name != "signature"}
    text = json.dumps(unsigned, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(bytes.fromhex(key), text.encode("utf-8"), hashlib.sha256).hexdigest()


def signed_by(manifest: dict[str, Any], key: str) -> bool:
    given = manifest.get("signature")
    return isinstance(given, str) and hmac.compare_digest(given, signature(manifest, key))


def package_bytes(
    project_id: str,
    reviewer: ReviewerInfo,
    sequence: int,
    extractions: list[dict[str, Any]],
    key: str | None,
    audit: list[dict[str, Any]],
    screening: list[dict[str, Any]] | None = None,
) -> bytes:
    """A reviewer package: the manifest, the answers and the reviewer's audit chain,
    with their checksums, signed with the reviewer's key (a copy shared before keys
    existed has none, and sends no chain)."""
    entries = {
        "answers.json": json.dumps(
            {"extractions": extractions, "screening": screening or []},
            ensure_ascii=False,
            sort_keys=True,
        ).encode("utf-8")
    }
    if key is not None:
        # Keys keep their order: an event's seal was made over its values as stored.
        entries["audit.json"] = json.dumps({"events": audit}, ensure_ascii=False).encode("utf-8")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "application": f"Extractor {__version__}",
        "project_id": project_id,
        "reviewer": {"id": reviewer.id, "name": reviewer.name, "initials": reviewer.initials},
        "sequence": sequence,
        "sha256": {name: hashlib.sha256(data).hexdigest() for name, data in entries.items()},
    }
    if key is not None:
        manifest["signature"] = signature(manifest, key)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")),
            *entries.items(),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), data)
    return buffer.getvalue()


def extraction_json(
    study: StudyInfo, form: Form, data: ExtractionData, documents: dict[str, DocumentInfo]
) -> dict[str, Any]:
    """One extraction as a package carries it, its quotes tied to the PDFs' checksums."""
    return {
        "study_id": study.id,
        "study": study.label,
        "form": form.key,
        "form_version": form.version,
        "status": data.status.value,
        "values": data.values,
        "groups": data.groups,
        "evidence": {
            path: [
                {
                    "document_id": q.document_id,
                    "sha256": documents[q.document_id].sha256
                    if q.document_id in documents
                    else None,
                    "page": q.page,
                    "rects": [list(r) for r in q.rects],
                    "quote": q.quote,
                }
                for q in quotes
            ]
            for path, quotes in data.evidence.items()
        },
    }


def read_manifest_reviewer(source: str, manifest: dict[str, Any]) -> dict[str, str]:
    """The reviewer a package names, with an id and a name."""
    who = manifest.get("reviewer")
    if not isinstance(who, dict) or not all(
        isinstance(who.get(k), str) and who.get(k) for k in ("id", "name")
    ):
        raise InputError.at(
            source, "manifest.json", "the reviewer is not named with an id and a name"
        )
    return who


def read_package(path: Path) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]] | None]:
    """The manifest, the answers and the audit chain (None when the package has none),
    each checked against the manifest's checksums; who signed it is for the caller."""
    source = str(path)
    raw = read_input(path, MAX_PACKAGE_BYTES, "a reviewer package")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError.at(
            source, None, "not a reviewer package (not a zip file, or damaged)"
        ) from None
    names = [info.filename for info in infos]
    if sorted(names) not in (sorted(ENTRIES), sorted(UNSIGNED_ENTRIES)):
        strange = [n for n in names if n not in ENTRIES]
        problem = (
            f"unexpected entries {strange}"
            if strange
            else f"missing {sorted(set(ENTRIES) - set(names))}"
        )
        raise InputError.at(source, None, f"not a reviewer package: {problem}")
    contents = read_entries(archive, source, LIMITS)
    manifest = json_object(source, "manifest.json", contents["manifest.json"])
    if manifest.get("format") != FORMAT:
        raise InputError.at(source, "manifest.json", "not a reviewer package")
    version = manifest.get("format_version")
    if not isinstance(version, int):
        raise InputError.at(source, "manifest.json", "no format version")
    if version > FORMAT_VERSION:
        raise InputError.at(
            source,
            "manifest.json",
            f"made by a newer Extractor (package format {version}); update Extractor to import it",
        )
    if not isinstance(manifest.get("sequence"), int) or not isinstance(
        manifest.get("project_id"), str
    ):
        raise InputError.at(source, "manifest.json", "no project id or sequence number")
    checksums = manifest.get("sha256")
    for name, data in contents.items():
        if name != "manifest.json" and (
            not isinstance(checksums, dict)
            or hashlib.sha256(data).hexdigest() != checksums.get(name)
        ):
            raise InputError.at(
                source, name, "checksum does not match: the package was altered or damaged"
            )
    if "signature" in manifest and "audit.json" not in contents:
        raise InputError.at(source, None, "signed, but carries no audit log (audit.json)")
    answers = json_object(source, "answers.json", contents["answers.json"])
    if not isinstance(answers.get("extractions"), list):
        raise InputError.at(source, "answers.json", "no list of extractions")
    if not isinstance(answers.get("screening", []), list):
        raise InputError.at(source, "answers.json", "the screening decisions are not a list")
    audit = None
    if "audit.json" in contents:
        audit = _events(source, json_object(source, "audit.json", contents["audit.json"]))
    return manifest, answers, audit


def _events(source: str, audit: dict[str, Any]) -> list[dict[str, Any]]:
    events = audit.get("events")
    if not isinstance(events, list):
        raise InputError.at(source, "audit.json", "no list of events")
    for number, event in enumerate(events, start=1):
        if not (
            isinstance(event, dict)
            and type(event.get("id")) is int
            and all(isinstance(event.get(name), str) for name in EVENT_TEXT)
        ):
            raise InputError.at(
                source, f"audit.json, event {number}", "not an event with an id, time and action"
            )
    return events


def extraction_from_json(form: Form, item: dict[str, Any]) -> ExtractionData:
    data = ExtractionData(status=Status(item.get("status", Status.NOT_STARTED.value)))
    for key, value in (item.get("values") or {}).items():
        found = form.resolve(key)
        if found is None:
            raise ValueError(f"field '{key}' is not in form '{form.key}'")
        data.values[key] = check_at(found[1], value, key)
    for key, rows in (item.get("groups") or {}).items():
        group = form.field(key)
        if group is None or not group.is_group or not isinstance(rows, list):
            raise ValueError(f"group '{key}' is not in form '{form.key}'")
        checked_rows = []
        for number, row in enumerate(rows, start=1):
            checked = {}
            for sub_key, value in row.items():
                sub = group.subfield(sub_key)
                if sub is None:
                    raise ValueError(f"group '{key}' has no field '{sub_key}'")
                checked[sub_key] = check_at(sub, value, f"{key}[{number}].{sub_key}")
            checked_rows.append(checked)
        data.groups[key] = checked_rows
    for path, quotes in (item.get("evidence") or {}).items():
        parsed = FieldPath.parse(path)
        top = form.field(parsed.key)
        if top is None or (parsed.sub is not None and top.subfield(parsed.sub) is None):
            raise ValueError(f"evidence for '{path}', which is not a field of form '{form.key}'")
        if parsed.row is not None and parsed.row > len(data.groups.get(parsed.key, [])):
            raise ValueError(f"evidence for '{path}', a row the package does not hold")
        data.evidence[path] = [
            Evidence(
                document_id=str(q["document_id"]),
                page=int(q["page"]),
                rects=tuple(cast(Rect, tuple(float(v) for v in rect)) for rect in q["rects"]),
                quote=str(q["quote"]),
            )
            for q in quotes
        ]
    return data
