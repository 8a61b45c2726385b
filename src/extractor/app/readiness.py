"""The readiness check every export makes first (core/readiness): what the outputs
would still lack, from the same answers the export uses."""

from __future__ import annotations

from extractor.app.ports import Project
from extractor.app.sources import gather
from extractor.core.errors import RefusedError
from extractor.core.forms import FormKind
from extractor.core.readiness import CONFLICT, NO_ROB, NOT_EXTRACTED, Gap, Readiness
from extractor.core.sources import ALL_SOURCES, CONSENSUS
from extractor.core.sources import NOT_EXTRACTED as NOT_EXTRACTED_MARK
from extractor.core.values import is_empty
from extractor.store.repository import Repository


class NotFinalError(RefusedError):
    """A final export was asked for, and the outputs still have gaps."""

    def __init__(self, found: Readiness) -> None:
        self.readiness = found
        lines = "\n".join(found.lines())
        super().__init__(f"not final, so nothing was written: {lines}")


def readiness(project: Project, source: str | None = None) -> Readiness:
    with project.reading() as repo:
        return check(repo, source)


def checked(project: Project, source: str | None, final: bool = False) -> Readiness:
    """The readiness of the outputs made from `source`; with `final`, a NotFinalError
    where they have gaps."""
    with project.reading() as repo:
        return assess(repo, source, final)


def assess(
    repo: Repository, source: str | None, final: bool = False, known: Readiness | None = None
) -> Readiness:
    """The readiness an export goes by (`known`, checked once for many exports, or
    checked now); with `final`, a NotFinalError where it has gaps."""
    found = known if known is not None else check(repo, source)
    if final and not found.ready:
        raise NotFinalError(found)
    return found


def told(found: Readiness, known: Readiness | None) -> list[str]:
    """What an export says of its readiness: the gaps, unless the caller checked them
    once for many exports and says them itself."""
    return found.lines() if known is None else []


def check(repo: Repository, source: str | None) -> Readiness:
    """The gaps of the outputs made from `source` (as an export reads it)."""
    source = None if source == ALL_SOURCES else source
    gaps: list[Gap] = []
    forms = repo.forms.list()
    if source in (None, CONSENSUS):  # one reviewer's own answers have no conflict
        for item in repo.conflicts.list():
            if not item.resolved:
                form = next(f for f in forms if f.key == item.form)
                gaps.append(
                    Gap(
                        CONFLICT,
                        item.study.label + (f" ({item.result})" if item.result else ""),
                        form.name,
                        form.describe(item.conflict.path),
                        f"{item.a.name} and {item.b.name}",
                        item.study.id,
                        item.conflict.path,
                        form.key,
                    )
                )
    for form in (f for f in forms if f.kind == FormKind.EXTRACTION):
        for found in gather(repo, form, source)[0]:
            if found.reviewer is None:
                gaps.append(
                    Gap(
                        NOT_EXTRACTED,
                        found.study.label,
                        form.name,
                        study_id=found.study.id,
                        form_key=form.key,
                    )
                )
                continue
            for field in form.fields():
                value = (
                    found.data.groups.get(field.key)
                    if field.is_group
                    else found.data.values.get(field.key)
                )
                if is_empty(value) and found.gap(field.key) == NOT_EXTRACTED_MARK:
                    gaps.append(
                        Gap(
                            NOT_EXTRACTED,
                            found.study.label,
                            form.name,
                            field.label,
                            found.reviewer.name,
                            found.study.id,
                            field.key,
                            form.key,
                        )
                    )
    # A study needs one assessment with any of the tools the review uses (a case
    # report is appraised with one checklist, a case series with another).
    tools: list[str] = []
    assessed: set[str] = set()
    for form in (f for f in forms if f.kind == FormKind.ROB):
        studies = {study for study, _ in repo.answers.results_of(form)}
        if studies:
            tools.append(str(form.extra.get("tool") or form.name))
            assessed |= studies
    if tools:
        gaps += [
            Gap(NO_ROB, study.label, " or ".join(tools), study_id=study.id)
            for study in repo.studies.list()
            if study.id not in assessed
        ]
    return Readiness(tuple(gaps))


def draft_of(warnings: list[str]) -> str:
    """ "a draft (3 unresolved conflicts) to " when an export's warnings say it is one:
    for the window's line about a file it wrote."""
    line = next((w for w in warnings if w.startswith("Draft: ")), None)
    return f"a draft ({line.removeprefix('Draft: ')}) to " if line else ""
