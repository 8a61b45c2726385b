"""A meta-analysis of one outcome: the studies' data gathered for it, pooled,
drawn as a forest plot, and the analyses kept for Export all with the files that
let R reproduce them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractor.app import formats
from extractor.app.outcomes import outcome_form
from extractor.app.ports import Project
from extractor.app.readiness import assess, told
from extractor.app.rob import assessments, saved_palette
from extractor.app.sources import gather
from extractor.core.errors import ExtractorError, NotFoundError
from extractor.core.field_types.base import normalise_text
from extractor.core.forms import Field, Form
from extractor.core.meta.analysis import Analysis, analyse
from extractor.core.meta.effect_sizes import Measure
from extractor.core.meta.pooling import Method
from extractor.core.outcome_data import OutcomeRow, outcome_rows, study_input, unit_warning
from extractor.core.readiness import Readiness
from extractor.core.rob_summary import Assessment
from extractor.core.sources import Sourced
from extractor.core.values import format_value, is_empty
from extractor.io.files import write_output
from extractor.pdf.document import RenderedPage
from extractor.store.repository import Repository


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
        )
        for item in items
        if _takes_part(item, rows, request)
    ]
    if not studies:
        raise NotFoundError(f"no study has outcome '{request.outcome}' for {request.title()}")
    if request.measure is Measure.MD:
        mixed = unit_warning(rows, request.outcome, request.timepoint)
        warnings += [mixed] if mixed else []
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
    """The study's value of the subgroup field; None where it has none to tell
    (not extracted, in conflict, not reported)."""
    if subgroup is None or subgroup.key in item.open_cells:
        return None
    value = item.data.values.get(subgroup.key)
    return None if is_empty(value) else format_value(subgroup, value)


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


def forest_bytes(result: MetaResult) -> bytes:
    """The forest plot as a vector PDF."""
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
    return forest_pdf(plot, draft=result.readiness.note)


def save_forest(result: MetaResult, out: Path) -> list[Path]:
    """Draw the forest plot as a vector PDF, or PNG pages at 600 dpi."""
    suffix = formats.FOREST.format_of(out).suffix
    pdf = forest_bytes(result)
    if suffix == ".pdf":
        write_output(out, pdf)
        return [out]
    from extractor.io.figure_images import page_images, write_images

    return write_images(out, page_images(pdf, suffix))


PREVIEW_PAGES = 10


def forest_preview(result: MetaResult, width: int) -> tuple[list[RenderedPage], int]:
    """The forest plot's pages (up to PREVIEW_PAGES), each `width` pixels wide, and
    how many there are."""
    from extractor.pdf.document import all_pages

    return all_pages(forest_bytes(result), width, PREVIEW_PAGES)


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
                "in_test": s.recorded and s.pooled is not None,
                **({"note": s.note} if s.note else {}),
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
        return _kept(repo)


def _kept(repo: Repository) -> list[MetaRequest]:
    saved = repo.settings.get(ANALYSES)
    found = [request_of(item) for item in saved] if isinstance(saved, list) else []
    return [request for request in found if request is not None]


def keep_analysis(project: Project, request: MetaRequest) -> None:
    """Keep an analysis for Export all, in place of one with the same files (the same
    outcome, time point, arms and measure)."""
    with project.transaction() as repo:
        kept = [r for r in _kept(repo) if r.stem() != request.stem()]
        repo.settings.set(ANALYSES, [request_json(r) for r in [*kept, request]])


def forget_analysis(project: Project, stem: str) -> None:
    """No longer write the analysis whose files are named `stem` in Export all."""
    with project.transaction() as repo:
        kept = [r for r in _kept(repo) if r.stem() != stem]
        repo.settings.set(ANALYSES, [request_json(r) for r in kept])


class KeptResults:
    """The kept analyses, each computed once from `source` for the several files
    Export all makes of it (its forest plot, data and result, and analysis.R)."""

    def __init__(self, project: Project, source: str | None) -> None:
        self.project, self.source = project, source
        self._found: dict[str, MetaResult | ExtractorError] = {}

    def of(self, request: MetaRequest, known: Readiness | None) -> MetaResult:
        """The analysis's result; the ExtractorError it ended in, raised again."""
        stem = request.stem()
        if stem not in self._found:
            try:
                self._found[stem] = meta_analysis(
                    self.project, replace(request, source=self.source), known=known
                )
            except ExtractorError as error:
                self._found[stem] = error
        found = self._found[stem]
        if isinstance(found, ExtractorError):
            raise found
        return found


def export_analysis(result: MetaResult, out: Path) -> list[str]:
    """One kept analysis's file, by suffix: its forest plot (.pdf, .png), its study
    data for R (.csv) or its result (.json)."""
    from extractor.io.meta_files import analysis_csv

    if out.suffix == ".csv":
        write_output(out, analysis_csv(result.analysis))
    elif out.suffix == ".json":
        write_output(out, json.dumps(meta_json(result), indent=2, ensure_ascii=False) + "\n")
    else:
        save_forest(result, out)
    return result.warnings


def export_analysis_script(
    out: Path, requests: list[MetaRequest], results: KeptResults, known: Readiness | None
) -> list[str]:
    """`analysis.R`, which reproduces every kept analysis with metafor."""
    from extractor.io.meta_files import RunAnalysis, analysis_r

    runs, warnings = [], []
    for request in requests:
        try:
            result = results.of(request, known)
        except ExtractorError as error:
            warnings.append(f"analysis.R leaves out {request.title()}: {error}")
            continue
        title = f"{request.title()} ({request.measure.value})"
        runs.append(RunAnalysis(title, request.stem(), result.analysis))
    write_output(out, analysis_r(runs))
    return warnings
