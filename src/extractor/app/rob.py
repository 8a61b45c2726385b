"""Risk of bias: instruments, judgements for the figures, robvis CSV in and out,
the summary shares, and the figures."""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import TypedDict

from extractor.app import formats
from extractor.app.ports import Project
from extractor.app.readiness import assess, told
from extractor.core.errors import InputError, NotFoundError, RefusedError
from extractor.core.forms import FormKind, load_form_json
from extractor.core.model import ExtractionData, Status
from extractor.core.readiness import Readiness
from extractor.core.rob import REGISTRY, TOOLS, Instrument, propose
from extractor.core.rob_summary import (
    IN_CONFLICT,
    NOT_ASSESSED,
    Assessment,
    DomainShares,
    shares,
)
from extractor.core.sources import CONSENSUS, choose_source
from extractor.core.values import Value
from extractor.core.words import counted
from extractor.io.csvfile import CsvTable, read_csv
from extractor.io.files import write_output
from extractor.io.robvis import read_robvis, write_robvis
from extractor.resources import resource
from extractor.store.repository import Repository


def builtin_instrument(tool: str) -> Instrument:
    if tool not in REGISTRY:
        raise NotFoundError(f"unknown tool '{tool}' (tools: {', '.join(TOOLS)})")
    path = resource("rob", f"{REGISTRY[tool].definition}.json")
    return Instrument.of(load_form_json(path.read_text(encoding="utf-8"), str(path)))


def instrument(repo: Repository, tool: str | None, add: bool = False) -> Instrument:
    """The project's instrument for a tool (added from the built-in ones if asked),
    or its only instrument when no tool is named."""
    found = [
        Instrument.of(f) for f in repo.forms.list(FormKind.ROB) if f.extra.get("tool") in REGISTRY
    ]
    if tool is None:
        if len(found) != 1:
            names = ", ".join(i.tool for i in found) or "none yet"
            raise RefusedError(f"name the tool with --tool (this project's tools: {names})")
        return found[0]
    for item in found:
        if item.tool == tool:
            return item
    if not add:
        raise NotFoundError(f"the project has no {tool} assessments")
    made = builtin_instrument(tool)
    repo.forms.save(made.form)
    return made


def assessments(
    repo: Repository, tool: str | None, source: str | None
) -> tuple[Instrument, list[Assessment], list[str]]:
    """One row per assessed study (per result for tools that judge a result)."""
    used = instrument(repo, tool)
    reviewers = repo.reviewers.list(include_consensus=True)
    studies = {s.id: s for s in repo.studies.list()}
    merged = repo.conflicts.merged(used.form) if source in (None, CONSENSUS) else {}
    rows, unresolved = [], []
    for (study_id, result), who_ids in sorted(
        repo.answers.results_of(used.form).items(),
        key=lambda item: (
            list(studies).index(item[0][0]) if item[0][0] in studies else 0,
            item[0][1],
        ),
    ):
        who = [r for r in reviewers if r.id in who_ids]
        choice = choose_source(who, source)
        if choice.reviewer is None:
            continue
        if choice.unresolved:
            unresolved.append(studies[study_id].label)
        data = repo.answers.load(study_id, used.form, choice.reviewer.id, result)
        label = studies[study_id].label + (f" ({result})" if result else "")
        open_cells: set[str] = set()
        # A consensus, stored or not yet, is the merge of both reviewers' judgements.
        if (choice.reviewer.is_consensus or choice.unresolved) and (study_id, result) in merged:
            found = merged[(study_id, result)][1]
            data = ExtractionData(values=found.data.values, status=found.data.status)
            open_cells = found.open_cells
        rows.append(row_of(used, label, data, open_cells))
    warnings = (
        [
            f"{used.tool}: no consensus yet for {counted(len(unresolved), 'assessment')}; shown"
            f" is what both reviewers agree on, the rest as {IN_CONFLICT.lower()}"
        ]
        if unresolved
        else []
    )
    return used, rows, warnings


def row_of(
    used: Instrument, label: str, data: ExtractionData, open_cells: Collection[str] = ()
) -> Assessment:
    """A study's judgements: the recorded ones, else what the published rule proposes;
    where there is neither, why: in conflict, or not assessed."""
    proposed = propose(used, data.values)
    weight = data.values.get("weight")  # a decimal field: a number, or None
    row = Assessment(
        # A weight of 0 is a weight: only an empty one counts as 1.
        label=label,
        weight=float(weight) if isinstance(weight, int | float) else 1.0,
    )
    for domain in used.domains:
        text = data.values.get(domain.judgement) or proposed.get(domain.id)
        if text:
            row.judgements[domain.id] = used.read(str(text))
        else:
            row.gaps[domain.id] = IN_CONFLICT if domain.judgement in open_cells else NOT_ASSESSED
    overall = data.values.get("overall_judgement") or proposed.get("Overall")
    if overall:
        row.judgements["Overall"] = used.read(str(overall))
    else:
        row.gaps["Overall"] = IN_CONFLICT if "overall_judgement" in open_cells else NOT_ASSESSED
    return row


class RobSummary(TypedDict):
    tool: str
    weighted: bool
    domains: list[DomainShares]


def summary(project: Project, tool: str | None, weighted: bool, source: str | None) -> RobSummary:
    with project.reading() as repo:
        used, rows, _ = assessments(repo, tool, source)
    return {"tool": used.tool, "weighted": weighted, "domains": shares(used, rows, weighted)}


GENERIC = "Generic"


def generic_with_domains(names: list[str]) -> Instrument:
    """The generic tool with the domains a robvis file names (any number of them, as
    robvis allows): "Random.sequence.generation" is the domain "Random sequence
    generation"; D1, D2… keep the built-in names."""
    path = resource("rob", f"{REGISTRY[GENERIC].definition}.json")
    definition = json.loads(path.read_text(encoding="utf-8"))
    template, overall = definition["sections"][0], definition["sections"][-1]
    domains, sections = [], []
    for number, name in enumerate(names, start=1):
        shown = f"Domain {number}" if name.upper() == f"D{number}" else name.replace(".", " ")
        domains.append({"id": f"D{number}", "name": shown, "questions": [], "kind": "bias"})
        fields = json.loads(json.dumps(template["fields"]).replace('"d1_', f'"d{number}_'))
        sections.append({"title": f"D{number} {shown}", "fields": fields})
    definition |= {"domains": domains, "sections": [*sections, overall]}
    return Instrument.of(load_form_json(json.dumps(definition), str(path)))


def _generic_for(repo: Repository, table: CsvTable) -> Instrument:
    """The generic tool shaped to a robvis file's domains: made now if the project has
    no generic assessments yet; refused if it has some with other domains."""
    names = [name for name in table.header[1:] if name.casefold() not in ("overall", "weight")]
    wanted = generic_with_domains(names)
    found = next(
        (Instrument.of(f) for f in repo.forms.list(FormKind.ROB) if f.extra.get("tool") == GENERIC),
        None,
    )
    numbered = all(name.upper() == f"D{n}" for n, name in enumerate(names, start=1))
    if found is not None and (
        [d.name for d in found.domains] == [d.name for d in wanted.domains]
        or (numbered and len(found.domains) == len(names))  # by position, as exported
    ):
        return found
    if found is not None and repo.answers.results_of(found.form):
        have = ", ".join(d.name for d in found.domains)
        raise InputError.at(
            table.source,
            1,
            f"the project's generic tool has the domains {have}; this file has "
            f"{', '.join(d.name for d in wanted.domains)}",
        )
    repo.forms.save(wanted.form)
    return wanted


def import_robvis(project: Project, path: Path, tool: str, reviewer: str) -> int:
    """Judgements from a robvis CSV into the reviewer's assessments (one transaction)."""
    with project.transaction() as repo:
        repo.audit.source = f"imported from {path.name} (robvis)"
        table = read_csv(path)
        used = _generic_for(repo, table) if tool == GENERIC else instrument(repo, tool, add=True)
        rows = read_robvis(table, used)
        problems, plan = [], []
        for number, row in enumerate(rows, start=2):
            study, result = repo.studies.find(row.label), ""
            if study is None and row.label.endswith(")") and " (" in row.label:
                name, _, result = row.label[:-1].partition(" (")
                study = repo.studies.find(name)
            if study is None:
                problems.append(f"{path}, line {number}: unknown study '{row.label}'")
                continue
            plan.append((study.id, result, row))
        if problems:
            raise InputError(str(path), problems)
        who = repo.reviewers.add(reviewer)
        options = {f.key: f for f in used.form.scalar_fields()}
        for study_id, result, row in plan:
            values: dict[str, Value] = {}
            for domain in [*used.domains, None]:
                key = domain.judgement if domain else "overall_judgement"
                level = row.judgements.get(domain.id if domain else "Overall")
                if level is None or key not in options:
                    continue
                allowed = options[key].options
                values[key] = next((o for o in allowed if used.read(o) == level), level)
            values["weight"] = row.weight if row.weight != 1.0 else None
            data = ExtractionData(values=values, status=Status.COMPLETE)
            repo.answers.write(study_id, used.form, who.id, data, result=result)
        return len(plan)


def add_tool(project: Project, tool: str) -> Instrument:
    """Add a built-in risk-of-bias instrument to the project (kept if it is there)."""
    with project.transaction() as repo:
        return instrument(repo, tool, add=True)


PALETTE = "export.palette"
# The palettes the figures are drawn in (reports.rob_figures.PALETTES has their colours):
# named here so that the window can offer them without loading reportlab.
PALETTE_NAMES = ("cochrane", "colourblind")


def palette_of(project: Project, chosen: str | None = None) -> str:
    """The palette to draw with: `chosen` (kept for the next Export all), else the last
    one used, else cochrane."""
    if chosen is not None and chosen not in PALETTE_NAMES:
        raise InputError.at(
            "--palette", None, f"'{chosen}' must be one of {', '.join(PALETTE_NAMES)}"
        )
    with project.transaction() as repo:
        if chosen is not None:
            repo.settings.set(PALETTE, chosen)
            return chosen
        return saved_palette(repo)


def saved_palette(repo: Repository) -> str:
    saved = repo.settings.get(PALETTE)
    return saved if saved in PALETTE_NAMES else "cochrane"


def export_rob(
    project: Project,
    out: Path,
    tool: str | None = None,
    weighted: bool = False,
    palette: str | None = None,
    source: str | None = None,
    final: bool = False,
    known: Readiness | None = None,
) -> tuple[list[Path], list[str]]:
    """Write the figures (vector PDF, or PNG / TIFF at 600 dpi, one file a page) or the
    robvis CSV; `palette` None is the project's. Returns the files written and warnings."""
    suffix = formats.ROB_FIGURES.format_of(out).suffix
    palette = palette_of(project) if palette is None else palette
    if palette not in PALETTE_NAMES:
        raise InputError.at(
            "palette", None, f"'{palette}' must be one of {', '.join(PALETTE_NAMES)}"
        )
    with project.reading() as repo:
        ready = assess(repo, source, final, known)
        used, rows, warnings = assessments(repo, tool, source)
    warnings += told(ready, known)
    if suffix == ".csv":
        write_output(out, write_robvis(used, rows))
        return [out], warnings
    if not rows:
        raise NotFoundError(f"no {used.tool} assessments to draw yet")
    from extractor.io.figure_images import page_images, write_images  # drawing, when drawn
    from extractor.reports.rob_figures import rob_pdf

    pdf = rob_pdf(used, rows, palette, weighted, draft=ready.note)
    if suffix == ".pdf":
        write_output(out, pdf)
        return [out], warnings
    return write_images(out, page_images(pdf, suffix)), warnings
