"""Outcome data: imported from and exported to the long layout (and R's wide
layouts), and pooled in a meta-analysis drawn as a forest plot."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractor.app import formats
from extractor.app.desktop import ReviewerProfile
from extractor.app.extraction import pick_form, writer_id
from extractor.app.ports import Project
from extractor.app.readiness import assess, told
from extractor.app.rob import assessments, saved_palette
from extractor.app.sources import gather
from extractor.core.errors import ExtractorError, InputError, NotFoundError, RefusedError
from extractor.core.field_types.base import normalise_text
from extractor.core.field_types.outcomes import OUTCOME_TYPES
from extractor.core.forms import Field, Form
from extractor.core.meta.analysis import Analysis, analyse
from extractor.core.meta.effect_sizes import Measure
from extractor.core.meta.pooling import Method
from extractor.core.model import ExtractionData, ReviewerInfo
from extractor.core.outcome_data import OutcomeRow, long_records, outcome_rows, study_input
from extractor.core.readiness import Readiness
from extractor.core.rob_summary import Assessment
from extractor.core.sources import Sourced
from extractor.core.values import Value
from extractor.io.files import write_output
from extractor.io.outcomes_csv import long_csv, read_long_outcomes, wide_csv
from extractor.store.repository import Repository

LAYOUTS = ("long", "metafor", "meta")


@dataclass(frozen=True)
class OutcomesImport:
    form: str
    reviewer: str
    studies: int
    added_rows: int
    updated_rows: int


def import_outcomes(
    project: Project, path: Path, reviewer: str, form_key: str | None = None
) -> OutcomesImport:
    """Check the whole file, then merge its rows into the reviewer's outcome fields in
    one transaction: a row with the outcome, time point and arm of an existing row
    replaces it; the others are added; rows the file does not name stay."""
    with project.transaction() as repo:
        who = repo.reviewers.add(reviewer) if reviewer else None
        return _import(repo, path, who, form_key)


def import_my_outcomes(
    project: Project, path: Path, profile: ReviewerProfile | None, form_key: str | None = None
) -> OutcomesImport:
    """`import_outcomes` as the reviewer this desktop writes as (the window's import):
    the copy's or the demo's reviewer, else the profile's."""
    with project.transaction() as repo:
        who = repo.reviewers.get(writer_id(repo, profile))
        return _import(repo, path, who, form_key)


def _import(
    repo: Repository, path: Path, who: ReviewerInfo | None, form_key: str | None
) -> OutcomesImport:
    form = pick_form(repo, form_key)
    parsed = read_long_outcomes(path, form, repo.studies.find)
    if not parsed.rows:
        raise InputError.at(str(path), None, "no rows of outcome data")
    if who is None:
        raise RefusedError("name the reviewer whose outcome data this is")
    repo.audit.source = f"imported from {path.name}"
    added = updated = 0
    for study_id, by_group in parsed.studies.items():
        current = repo.answers.load(study_id, form, who.id)
        data = ExtractionData(status=current.status)
        for key, incoming in by_group.items():
            group = form.field(key)
            assert group is not None
            rows, new, changed = merge_rows(group, current.groups.get(key, []), incoming)
            data.groups[key] = rows
            added, updated = added + new, updated + changed
        repo.answers.write(study_id, form, who.id, data, fields=set(), groups=set(by_group))
    return OutcomesImport(form.key, who.name, len(parsed.studies), added, updated)


def merge_rows(
    group: Field, existing: list[dict[str, Value]], incoming: list[dict[str, Value]]
) -> tuple[list[dict[str, Value]], int, int]:
    """`existing` with each incoming row in place of the row with its key, or added;
    returns the rows and how many were added and replaced."""
    rows = [dict(row) for row in existing]
    added = updated = 0
    for row in incoming:
        key = group.kind.row_key(group, row)
        at = next((i for i, old in enumerate(rows) if group.kind.row_key(group, old) == key), None)
        if at is None:
            rows.append(row)
            added += 1
        else:
            rows[at] = row
            updated += 1
    return rows, added, updated


def outcome_form(repo: Repository, form_key: str | None) -> Form:
    form = pick_form(repo, form_key)
    if not any(item.type in OUTCOME_TYPES for item in form.fields()):
        raise RefusedError(
            f"form '{form.key}' has no outcome fields (types: {', '.join(sorted(OUTCOME_TYPES))})"
        )
    return form


def export_outcomes(
    project: Project,
    out: Path,
    layout: str = "long",
    source: str | None = None,
    form_key: str | None = None,
    final: bool = False,
    known: Readiness | None = None,
) -> list[str]:
    """Write the outcome data in one layout; returns warnings."""
    formats.OUTCOMES.format_of(out)
    if layout not in LAYOUTS:
        raise InputError.at("layout", None, f"'{layout}' must be one of {', '.join(LAYOUTS)}")
    with project.reading() as repo:
        ready = assess(repo, source, final, known)
        form = outcome_form(repo, form_key)
        items, warnings = gather(repo, form, source, quotes=True)
        files = {d.id: d.filename for d in repo.documents.list()}
    records = long_records(items, form, files)
    text = long_csv(records, quotes=True) if layout == "long" else wide_csv(records, layout)
    write_output(out, text)
    return warnings + told(ready, known)


@dataclass(frozen=True)
class MetaRequest:
    outcome: str
    measure: Measure
    experimental: str
    control: str
    timepoint: str | None = None
    method: Method = Method.REML
    hksj: bool = False
    subgroup: str | None = None  # a study-level field's key
    source: str | None = None
    form_key: str | None = None
    level: float = 0.95

    def title(self) -> str:
        when = f" at {self.timepoint}" if self.timepoint else ""
        return f"{self.outcome}{when}: {self.experimental} vs {self.control}"

    def stem(self) -> str:
        """The name of its files in Export all: `meta-` and its title and measure."""
        from extractor.io.meta_files import file_stem

        return file_stem(f"{self.title()} {self.measure.value}")


@dataclass(frozen=True)
class MetaResult:
    request: MetaRequest
    analysis: Analysis
    project_title: str
    rob: list[Assessment]  # the studies' risk of bias, where the project assesses it
    rob_tool: str | None
    rob_domains: list[tuple[str, str]]  # (id, name)
    palette: str
    readiness: Readiness
    warnings: list[str] = field(default_factory=list)


def meta_analysis(
    project: Project, request: MetaRequest, final: bool = False, known: Readiness | None = None
) -> MetaResult:
    """Gather every study's data for the request and pool it."""
    with project.reading() as repo:
        ready = assess(repo, request.source, final, known)
        form = outcome_form(repo, request.form_key)
        subgroup = _subgroup_field(form, request.subgroup)
        items, warnings = gather(repo, form, request.source)
        rob_tool, rob_domains, rob = _risk_of_bias(repo, request.source)
        palette = saved_palette(repo)
        title = repo.overview.project().title
    rows = outcome_rows(items, form)
    studies = [
        study_input(
            item,
            rows,
            measure=request.measure,
            outcome=request.outcome,
            timepoint=request.timepoint,
            experimental=request.experimental,
            control=request.control,
            subgroup=_subgroup_of(item, subgroup),
            level=request.level,
        )
        for item in items
        if _takes_part(item, rows, request)
    ]
    if not studies:
        raise NotFoundError(f"no study has outcome '{request.outcome}' for {request.title()}")
    analysis = analyse(
        studies,
        request.measure,
        request.method,
        hksj=request.hksj,
        level=request.level,
        by_subgroup=subgroup is not None,
    )
    return MetaResult(
        request,
        analysis,
        title,
        rob,
        rob_tool,
        rob_domains,
        palette,
        ready,
        warnings + told(ready, known),
    )


def _takes_part(item: Sourced, rows: list[OutcomeRow], request: MetaRequest) -> bool:
    """A study is in an analysis of an outcome when it has any row for that outcome,
    or has not been extracted yet (it is listed, with the reason, not left out)."""
    wanted = normalise_text(request.outcome)
    mine = [r for r in rows if r.study is item]
    return any(normalise_text(r.text("outcome")) == wanted for r in mine) or not item.complete


def _subgroup_field(form: Form, key: str | None) -> Field | None:
    if key is None:
        return None
    found = form.field(key)
    if found is None or found.is_group:
        fields = ", ".join(f.key for f in form.scalar_fields())
        raise NotFoundError(f"no study-level field '{key}' in form '{form.key}' (fields: {fields})")
    return found


def _subgroup_of(item: Sourced, subgroup: Field | None) -> str | None:
    if subgroup is None:
        return None
    return item.shown(subgroup, subgroup.key, item.data.values.get(subgroup.key))


def _risk_of_bias(
    repo: Repository, source: str | None
) -> tuple[str | None, list[tuple[str, str]], list[Assessment]]:
    """The project's risk-of-bias judgements for the forest plot's columns; none where
    it has no instrument, or several (which one would be a guess)."""
    try:
        used, rows, _ = assessments(repo, None, source)
    except ExtractorError:
        return None, [], []
    domains = [(d.id, d.name) for d in used.bias_domains()] + [("Overall", "Overall")]
    return used.tool, domains, rows


def save_forest(result: MetaResult, out: Path) -> list[Path]:
    """Draw the forest plot as a vector PDF, or PNG pages at 600 dpi."""
    suffix = formats.FOREST.format_of(out).suffix
    from extractor.io.rob_export import rob_images
    from extractor.reports.forest_plot import ForestPlot, forest_pdf

    plot = ForestPlot(
        result.analysis,
        result.request.title(),
        result.request.experimental,
        result.request.control,
        result.rob,
        result.rob_domains,
        result.rob_tool,
        result.palette,
    )
    pdf = forest_pdf(plot, draft=result.readiness.note)
    if suffix == ".pdf":
        write_output(out, pdf)
        return [out]
    images = rob_images(pdf, suffix)
    names = (
        [out]
        if len(images) == 1
        else [out.with_name(f"{out.stem}-{n}{out.suffix}") for n in range(1, len(images) + 1)]
    )
    for target, image in zip(names, images, strict=True):
        write_output(target, image)
    return names


def meta_json(result: MetaResult) -> dict[str, object]:
    """The result as `meta --json` prints it (CLI.md)."""
    analysis, pooled = result.analysis, result.analysis.pooled
    data: dict[str, object] = {
        "k": pooled.k,
        "measure": analysis.measure.value,
        "method": analysis.method.value,
        "hksj": analysis.hksj,
        "outcome": result.request.outcome,
        "timepoint": result.request.timepoint,
        "experimental": result.request.experimental,
        "control": result.request.control,
        "estimate": pooled.estimate,
        "se": pooled.se,
        "ci_low": pooled.ci_low,
        "ci_high": pooled.ci_high,
        "p": pooled.p,
        "tau2": pooled.tau2,
        "i2": pooled.i2,
        "q": pooled.q,
        "q_df": pooled.q_df,
        "q_p": pooled.q_p,
        "pi_low": pooled.pi_low,
        "pi_high": pooled.pi_high,
        "scale": "log" if analysis.measure.is_ratio else "identity",
        "studies": [
            {
                "study": s.study.label,
                "yi": None if s.effect is None else s.effect.yi,
                "vi": None if s.effect is None else s.effect.vi,
                "weight": s.weight,
                **({"excluded": s.excluded} if s.excluded else {}),
                **({"subgroup": s.study.subgroup} if s.study.subgroup is not None else {}),
            }
            for s in analysis.studies
        ],
    }
    if analysis.subgroups:
        data["subgroups"] = [
            {
                "subgroup": s.name,
                "k": 0 if s.pooled is None else s.pooled.k,
                "estimate": None if s.pooled is None else s.pooled.estimate,
                "ci_low": None if s.pooled is None else s.pooled.ci_low,
                "ci_high": None if s.pooled is None else s.pooled.ci_high,
                "tau2": None if s.pooled is None else s.pooled.tau2,
                "i2": None if s.pooled is None else s.pooled.i2,
            }
            for s in analysis.subgroups
        ]
        test = analysis.subgroup_test
        data["subgroup_test"] = None if test is None else {"q": test.q, "df": test.df, "p": test.p}
    return data


# The analyses kept for Export all


ANALYSES = "meta.analyses"


def request_json(request: MetaRequest) -> dict[str, object]:
    return {
        "outcome": request.outcome,
        "timepoint": request.timepoint,
        "measure": request.measure.value,
        "experimental": request.experimental,
        "control": request.control,
        "method": request.method.value,
        "hksj": request.hksj,
        "subgroup": request.subgroup,
        "level": request.level,
        "form": request.form_key,
    }


def request_of(data: object) -> MetaRequest | None:
    """A kept analysis read back; None for one this version cannot read."""
    if not isinstance(data, dict):
        return None
    try:
        return MetaRequest(
            outcome=str(data["outcome"]),
            timepoint=None if data.get("timepoint") is None else str(data["timepoint"]),
            measure=Measure(data["measure"]),
            experimental=str(data["experimental"]),
            control=str(data["control"]),
            method=Method(data.get("method", Method.REML.value)),
            hksj=bool(data.get("hksj", False)),
            subgroup=None if data.get("subgroup") is None else str(data["subgroup"]),
            level=float(data.get("level", 0.95)),
            form_key=None if data.get("form") is None else str(data["form"]),
        )
    except (KeyError, ValueError, TypeError):
        return None


def kept_analyses(project: Project) -> list[MetaRequest]:
    with project.reading() as repo:
        saved = repo.settings.get(ANALYSES)
    found = [request_of(item) for item in saved] if isinstance(saved, list) else []
    return [request for request in found if request is not None]


def keep_analysis(project: Project, request: MetaRequest) -> None:
    """Keep an analysis for Export all, in place of one of the same outcome, time
    point, arms and measure."""
    same = (request.outcome, request.timepoint, request.experimental, request.control)
    with project.transaction() as repo:
        saved = repo.settings.get(ANALYSES)
        kept = (
            [r for r in (request_of(i) for i in saved) if r is not None]
            if isinstance(saved, list)
            else []
        )
        kept = [
            r
            for r in kept
            if ((r.outcome, r.timepoint, r.experimental, r.control), r.measure)
            != (same, request.measure)
        ]
        repo.settings.set(ANALYSES, [request_json(r) for r in [*kept, request]])


def forget_analysis(project: Project, title: str) -> None:
    with project.transaction() as repo:
        saved = repo.settings.get(ANALYSES)
        kept = (
            [r for r in (request_of(i) for i in saved) if r is not None]
            if isinstance(saved, list)
            else []
        )
        repo.settings.set(ANALYSES, [request_json(r) for r in kept if r.title() != title])


def has_outcome_data(project: Project) -> bool:
    """Whether any extraction form has outcome fields with rows in it."""
    with project.reading() as repo:
        for form in repo.forms.list():
            groups = [f.key for f in form.fields() if f.type in OUTCOME_TYPES]
            if groups and repo.answers.has_rows(form, groups):
                return True
    return False


def export_analysis(
    project: Project,
    request: MetaRequest,
    out: Path,
    source: str | None = None,
    known: Readiness | None = None,
) -> list[str]:
    """One kept analysis's file, by suffix: its forest plot (.pdf, .png), its study
    data for R (.csv) or its result (.json)."""
    from extractor.io.meta_files import analysis_csv

    result = meta_analysis(project, replace(request, source=source), known=known)
    if out.suffix == ".csv":
        write_output(out, analysis_csv(result.analysis))
    elif out.suffix == ".json":
        write_output(out, json.dumps(meta_json(result), indent=2, ensure_ascii=False) + "\n")
    else:
        save_forest(result, out)
    return result.warnings


def export_analysis_script(
    project: Project, out: Path, source: str | None = None, known: Readiness | None = None
) -> list[str]:
    """`analysis.R`, which reproduces every kept analysis with metafor."""
    from extractor.io.meta_files import RunAnalysis, analysis_r

    runs, warnings = [], []
    for request in kept_analyses(project):
        try:
            result = meta_analysis(project, replace(request, source=source), known=known)
        except ExtractorError as error:
            warnings.append(f"analysis.R leaves out {request.title()}: {error}")
            continue
        title = f"{request.title()} ({request.measure.value})"
        runs.append(RunAnalysis(title, request.stem(), result.analysis))
    write_output(out, analysis_r(runs))
    return warnings


@dataclass
class OutcomeChoice:
    """An outcome the studies report, as the window offers it for an analysis."""

    outcome: str
    timepoints: list[str] = field(default_factory=list)
    arms: list[str] = field(default_factory=list)  # arms, and comparisons of estimates
    measures: list[str] = field(default_factory=list)  # of the studies' own estimates
    types: set[str] = field(default_factory=set)

    @property
    def dichotomous(self) -> bool:
        return "dichotomous" in self.types

    @property
    def continuous(self) -> bool:
        return "continuous" in self.types

    def add(self, row: OutcomeRow) -> None:
        for listed, value in (
            (self.timepoints, row.text("timepoint")),
            (self.arms, row.text("arm")),
        ):
            if value and normalise_text(value) not in {normalise_text(v) for v in listed}:
                listed.append(value)
        measure = row.text("measure")
        if row.type == "effect_estimate" and measure and measure not in self.measures:
            self.measures.append(measure)
        self.types.add(row.type)


def outcome_choices(
    project: Project, source: str | None = None, form_key: str | None = None
) -> tuple[list[OutcomeChoice], list[str]]:
    """The outcomes in the studies' rows (first spelling of each, in form order), and
    the study-level fields a subgroup analysis can use."""
    with project.reading() as repo:
        form = outcome_form(repo, form_key)
        items, _ = gather(repo, form, source)
    found: dict[str, OutcomeChoice] = {}
    for row in outcome_rows(items, form):
        name = row.text("outcome").strip()
        if name:
            found.setdefault(normalise_text(name), OutcomeChoice(name)).add(row)
    return list(found.values()), [f.key for f in form.scalar_fields()]
