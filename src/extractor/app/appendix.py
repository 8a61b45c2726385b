"""Export the evidence appendix (core/appendix): every value with its quotes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.app import formats
from extractor.app.ocr import ocr_pages
from extractor.app.ports import Project
from extractor.app.readiness import assess, told
from extractor.app.sources import gather
from extractor.core.appendix import Entry, FormPart, Quote, StudyPart
from extractor.core.backing import matching_row
from extractor.core.forms import Field, Form
from extractor.core.model import ExtractionData, ReviewerInfo
from extractor.core.readiness import Readiness
from extractor.core.sources import Sourced
from extractor.core.values import Value, format_value, is_empty
from extractor.io.files import write_output
from extractor.store.repository import Repository


def export_evidence(
    project: Project,
    out: Path,
    source: str | None = None,
    final: bool = False,
    known: Readiness | None = None,
) -> list[str]:
    """Write the appendix as a PDF; returns warnings."""
    from extractor.reports.appendix_pdf import appendix_pdf
    from extractor.reports.fonts import font_gaps

    formats.EVIDENCE.format_of(out)
    with project.reading() as repo:
        ready = assess(repo, source, final, known)
        studies, warnings = appendix(repo, source)
        title = repo.overview.project().title
    with font_gaps() as missing:
        pdf = appendix_pdf(title, studies, draft=ready.note)
    write_output(out, pdf)
    return warnings + missing.notes() + told(ready, known)


def appendix(repo: Repository, source: str | None) -> tuple[list[StudyPart], list[str]]:
    documents = {
        d.id: Source(d.filename, frozenset(ocr_pages(repo, d.id))) for d in repo.documents.list()
    }
    people = [r for r in repo.reviewers.list(include_consensus=True) if not r.is_consensus]
    parts = {s.id: StudyPart(s.label, s.ref) for s in repo.studies.list()}
    warnings: list[str] = []
    for form in repo.forms.list():
        items, found = gather(repo, form, source)
        warnings += found
        answered = repo.answers.answered_by(form)
        for item in items:
            quoting = [
                (person, repo.answers.load(item.study.id, form, person.id))
                for person in people
                if person.id in answered.get(item.study.id, set())
                and (item.reviewer is None or item.reviewer.is_consensus or person == item.reviewer)
            ]
            part = FormPart(form.name, item.reviewer.name if item.reviewer else "no one yet")
            part.entries = _entries(form, item, quoting, documents)
            parts[item.study.id].forms.append(part)
    return list(parts.values()), warnings


def _entries(
    form: Form,
    item: Sourced,
    quoting: list[tuple[ReviewerInfo, ExtractionData]],
    documents: dict[str, Source],
) -> list[Entry]:
    entries = []
    for top in form.fields():
        if not top.is_group:
            value = item.shown(top, top.key, item.data.values.get(top.key))
            quotes = _quotes(top, value, [(p, d, top.key) for p, d in quoting], documents)
            entries.append(Entry(form.describe(top.key), value, quotes))
            continue
        rows = item.data.groups.get(top.key, [])
        if note := item.rows_note(top.key):
            entries.append(Entry(top.label, note))
        elif not rows:
            entries.append(Entry(top.label, item.gap(top.key)))
        for number, row in enumerate(rows, start=1):
            theirs = [
                (person, data, _their_row(top, row, number, data, person == item.reviewer))
                for person, data in quoting
            ]
            for sub in top.fields:
                path = f"{top.key}[{number}].{sub.key}"
                value = item.shown(sub, path, row.get(sub.key))
                quotes = _quotes(
                    sub,
                    value,
                    [
                        (person, data, f"{top.key}[{index}].{sub.key}")
                        for person, data, index in theirs
                        if index is not None
                    ],
                    documents,
                )
                if quotes or not is_empty(row.get(sub.key)) or path in item.open_cells:
                    entries.append(Entry(form.describe(path), value, quotes))
    return entries


@dataclass(frozen=True)
class Source:
    """A document as a quote names it."""

    filename: str
    ocr_pages: frozenset[int]  # 1-based: pages whose text came from OCR


def _their_row(
    group: Field, row: dict[str, Value], number: int, data: ExtractionData, own: bool
) -> int | None:
    """Which of a reviewer's rows (1-based) a row shown stands for: the same row of
    their own answers; in a consensus, the row that matches it (core/backing)."""
    return number if own else matching_row(group, row, data.groups.get(group.key, []))


def _quotes(
    item: Field,
    shown: str,
    quoting: list[tuple[ReviewerInfo, ExtractionData, str]],
    documents: dict[str, Source],
) -> tuple[Quote, ...]:
    """Each reviewer's quotes at their own path for the place shown."""
    found = []
    for person, data, path in quoting:
        theirs = format_value(item, _value_at(data, path))
        for evidence in data.evidence.get(path, []):
            document = documents.get(evidence.document_id)
            found.append(
                Quote(
                    person.name,
                    evidence.quote,
                    evidence.page,
                    document.filename if document else "a document no longer attached",
                    theirs if theirs != shown else "",
                    ocr=document is not None and evidence.page in document.ocr_pages,
                )
            )
    return tuple(found)


def _value_at(data: ExtractionData, path: str) -> Value:
    if "[" not in path:
        return data.values.get(path)
    key, _, rest = path.partition("[")
    number, _, sub = rest.partition("].")
    rows = data.groups.get(key, [])
    index = int(number) - 1
    return rows[index].get(sub) if 0 <= index < len(rows) else None
