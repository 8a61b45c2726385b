"""Importing references: a file read, checked against the project's references for
duplicates, and stored in one transaction the user confirms."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from extractor.app.ports import Project
from extractor.core.duplicates import find_duplicates
from extractor.core.errors import NotFoundError, RefusedError
from extractor.core.progress import Progress, silent
from extractor.core.references import LabelBook, Reference
from extractor.core.words import counted
from extractor.io.references import read_references
from extractor.store.references import StoredReference
from extractor.store.repository import Repository


@dataclass(frozen=True)
class Merge:
    """An incoming record that is a reference the project (or the file) has."""

    record: int
    title: str
    into: str  # the label of the reference it joins
    reason: str


@dataclass(frozen=True)
class Likely:
    """An incoming record that may be another's duplicate: for the user to judge."""

    record: int
    label: str
    other: str
    reason: str


@dataclass(frozen=True)
class ReferencesImport:
    file: str
    database: str
    read: int
    added: list[str] = field(default_factory=list)  # labels
    merged: list[Merge] = field(default_factory=list)
    likely: list[Likely] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    applied: bool = False

    def lines(self) -> list[str]:
        """What the import does (or did), in words."""
        verb = "" if self.applied else "would be "
        lines = [
            f"{self.file} ({self.database}): {counted(self.read, 'record')} read;"
            f" {len(self.added)} {verb}added,"
            f" {len(self.merged)} {verb}merged into references the project has",
        ]
        lines += [f"  record {m.record} joins {m.into}: {m.reason}" for m in self.merged]
        lines += [
            f"  record {x.record} ({x.label}) may be the same as {x.other}: {x.reason}"
            for x in self.likely
        ]
        lines += [f"  not read: {problem}" for problem in self.problems]
        return lines


PROGRESS_EVERY = 500  # records between reports


def import_references(
    project: Project,
    path: Path,
    database: str | None = None,
    apply: bool = False,
    progress: Progress = silent,
) -> ReferencesImport:
    """Read a reference file and say what importing it does; with `apply`, do it in
    one transaction. Records sharing a DOI or PMID with a reference become further
    sources of it; likely duplicates (alike titles) are added and listed to judge."""
    progress(0, 1, f"Reading {path.name}")
    found = read_references(path)
    name = database or _database_of(found.references) or path.stem
    incoming = [replace(r, database=r.database or name) for r in found.references]
    with project.transaction() if apply else project.reading() as repo:
        result = _plan(repo, path.name, name, incoming, found.problems, apply, progress)
    return result


def _database_of(references: list[Reference]) -> str:
    named = {r.database for r in references if r.database}
    return named.pop() if len(named) == 1 else ""


def _plan(
    repo: Repository,
    file: str,
    database: str,
    incoming: list[Reference],
    problems: list[str],
    apply: bool,
    progress: Progress,
) -> ReferencesImport:
    total = len(incoming) + 1
    progress(0, total, "Looking for duplicates")
    stored = repo.references.list()
    everything = [s.reference for s in stored] + incoming
    labels = [s.label for s in stored]
    ids: list[str | None] = [s.id for s in stored] + [None] * len(incoming)
    certain: dict[int, tuple[int, str]] = {}
    likely: list[tuple[int, int, str]] = []
    for pair in find_duplicates(everything):
        if pair.second < len(stored):
            continue  # between references the project has: judged before
        if pair.certain:
            root = pair.first
            while root in certain:
                root = certain[root][0]
            certain.setdefault(pair.second, (root, pair.reason))
        else:
            likely.append((pair.first, pair.second, pair.reason))
    result = ReferencesImport(file, database, len(incoming), problems=list(problems), applied=apply)
    book = LabelBook(labels)
    for offset, reference in enumerate(incoming):
        if offset % PROGRESS_EVERY == 0:  # a stop here rolls the whole import back
            progress(offset, total, f"{'Importing' if apply else 'Checking'} {file}")
        index = len(stored) + offset
        if index in certain:
            root, reason = certain[index]
            result.merged.append(Merge(reference.record, reference.title, labels[root], reason))
            if apply:
                target = ids[root]
                assert target is not None  # the root comes first, so it has its id
                repo.references.merge(target, reference, reason)
            labels.append(labels[root])
            ids[index] = ids[root]
            continue
        label = book.new(reference)
        labels.append(label)
        result.added.append(label)
        if apply:
            ids[index] = repo.references.add(reference, label, position=index)
    for first, second, reason in likely:
        if second in certain:
            continue
        record = everything[second].record
        result.likely.append(Likely(record, labels[second], labels[first], reason))
    return result


def reference_list(project: Project) -> dict[str, Any]:
    """The references with their sources, the records per database and the
    duplicates removed, as `references --json` prints them."""
    with project.reading() as repo:
        stored = repo.references.list()
        files: dict[str, list[dict[str, Any]]] = {}
        for file in repo.reference_files.list():
            files.setdefault(file.reference_id, []).append(
                {"file": file.filename, "pages": file.pages, "matched": file.matched}
            )
    records: dict[str, int] = {}
    for item in stored:
        for source in item.sources:
            records[source.database] = records.get(source.database, 0) + 1
    return {
        "references": [
            {
                "label": item.label,
                "title": item.reference.title,
                "authors": list(item.reference.authors),
                "year": item.reference.year,
                "journal": item.reference.journal,
                "doi": item.reference.doi,
                "pmid": item.reference.pmid,
                "sources": [
                    {"database": s.database, "file": s.file, "record": s.record}
                    for s in item.sources
                ],
                "full_texts": files.get(item.id, []),
            }
            for item in stored
        ],
        "records": records,
        "duplicates_removed": sum(records.values()) - len(stored),
    }


# Likely duplicates, judged by the user

KEPT_APART = "references.kept_apart"  # pairs of reference ids judged distinct
MERGED = "reference:merged:"  # + a merged reference's id: the id of the one it joined


def merged_into(repo: Repository) -> dict[str, str]:
    """Every reference merged away since sharing, to the one it lives on in."""
    found = {
        key[len(MERGED) :]: value
        for key, value in repo.settings.items(MERGED)
        if isinstance(value, str)
    }
    for gone, kept in found.items():  # a merge into one merged later follows on
        seen = {gone}
        while kept in found and kept not in seen:
            seen.add(kept)
            kept = found[kept]
        found[gone] = kept
    return found


@dataclass(frozen=True)
class LikelyPair:
    first: str  # label
    second: str
    reason: str
    # Each record's fields in words, side by side: label, title, authors, year,
    # journal, volume/issue/pages, DOI, PMID, where found, full texts, abstract.
    details: tuple[tuple[str, ...], tuple[str, ...]] | None = None


def likely_duplicates(project: Project) -> list[LikelyPair]:
    """Pairs of the project's references that look alike and no one has judged."""
    with project.reading() as repo:
        stored = repo.references.list()
        apart = _kept_apart(repo)
        files: dict[str, list[str]] = {}
        for file in repo.reference_files.list():
            files.setdefault(file.reference_id, []).append(file.filename)
    return [
        LikelyPair(
            stored[d.first].label,
            stored[d.second].label,
            d.reason,
            (_in_words(stored[d.first], files), _in_words(stored[d.second], files)),
        )
        for d in find_duplicates([s.reference for s in stored])
        if frozenset((stored[d.first].id, stored[d.second].id)) not in apart
    ]


def _in_words(stored: StoredReference, files: dict[str, list[str]]) -> tuple[str, ...]:
    ref = stored.reference
    where = ", ".join(
        p for p in (ref.volume, f"({ref.issue})" if ref.issue else "", ref.pages) if p
    )
    return (
        stored.label,
        ref.title,
        "; ".join(ref.authors),
        str(ref.year or ""),
        ref.journal,
        where,
        ref.doi or "",
        ref.pmid or "",
        "; ".join(f"{s.database} ({s.file}, record {s.record})" for s in stored.sources),
        ", ".join(files.get(stored.id, [])),
        ref.abstract,
    )


def judge_duplicates(project: Project, first: str, second: str, same: bool) -> str:
    """Merge `second` into `first` (the same record), or keep both (two records);
    returns what was done."""
    with project.transaction() as repo:
        by_label = {s.label.casefold(): s for s in repo.references.list()}
        found = [by_label.get(label.casefold()) for label in (first, second)]
        missing = [
            label for label, item in zip((first, second), found, strict=True) if item is None
        ]
        if missing:
            raise NotFoundError(f"no reference labelled {', '.join(repr(m) for m in missing)}")
        a, b = found
        assert a is not None and b is not None
        if a.id == b.id:
            raise RefusedError("a reference cannot be judged against itself")
        if same:
            repo.references.merge_stored(a.id, b.id, "judged the same record")
            # Reviewers' copies still hold the merged record: their decisions follow it.
            repo.settings.set(f"{MERGED}{b.id}", a.id)
            return f"{b.label} merged into {a.label}"
        apart = _kept_apart(repo) | {frozenset((a.id, b.id))}
        repo.settings.set(KEPT_APART, sorted(sorted(pair) for pair in apart))
        return f"{a.label} and {b.label} kept as two records"


def _kept_apart(repo: Repository) -> set[frozenset[str]]:
    saved = repo.settings.get(KEPT_APART)
    pairs = saved if isinstance(saved, list) else []
    return {frozenset(p) for p in pairs if isinstance(p, list) and len(p) == 2}
