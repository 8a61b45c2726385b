"""Exchange between desktops: a reviewer's blind copy, reviewer packages that bring
their answers to the lead, and update packages that bring the lead's new studies,
PDFs and forms to the copies.

Every import checks the whole file before it writes anything, then writes in one
transaction; a reviewer package not newer than the last one imported changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from extractor.app.desktop import ReviewerProfile
from extractor.app.extraction import my_id
from extractor.app.form_revision import apply_revision, plan_revision
from extractor.app.pdf_replacement import QuoteFollower
from extractor.app.pilot import PILOT, pilot_state
from extractor.app.ports import Project
from extractor.app.references import merged_into
from extractor.app.screening import demote, load_board, promote
from extractor.core.audit_chain import carried, first_break
from extractor.core.errors import ExtractorError, InputError, NotFoundError, RefusedError
from extractor.core.form_changes import NotCarried, revise_data
from extractor.core.forms import Form
from extractor.core.model import Citation, ExtractionData, ReviewerInfo, ScreeningInfo
from extractor.core.progress import Progress, silent
from extractor.core.references import Reference
from extractor.core.screening import (
    DECISIONS,
    EXCLUDE,
    INCLUDE,
    STAGES,
    TITLE_ABSTRACT,
    State,
)
from extractor.core.words import counted
from extractor.io.files import write_output
from extractor.io.packages import (
    extraction_from_json,
    extraction_json,
    package_bytes,
    read_manifest_reviewer,
    read_package,
    signed_by,
)
from extractor.io.updates import Update, is_update, read_update, update_bytes
from extractor.store.reference_files import ReferenceFileInfo
from extractor.store.references import Source, StoredReference
from extractor.store.repository import Repository
from extractor.store.reviewers import CONSENSUS_NAME
from extractor.store.sharing import LOG_SEEN, SHARED_FOR, share


def share_copy(project: Project, reviewer: str, target: Path, progress: Progress = silent) -> str:
    """A copy of the project for one reviewer (added if new), holding no one else's
    answers; returns the reviewer's name. `progress` may stop it by raising."""
    return share(project, reviewer, target, progress).name


# Reviewer packages


@dataclass(frozen=True)
class PackageImport:
    reviewer: str
    sequence: int
    extractions: int
    changed_values: int
    applied: bool  # False when the package was not newer than the last one
    screening: int = 0  # screening decisions new, changed or taken back
    # Answers made on an older version of a form that its current one cannot hold,
    # one line each; the audit log keeps them.
    not_carried: tuple[str, ...] = ()


def export_package(
    project: Project, reviewer_name: str, target: Path, progress: Progress = silent
) -> int:
    """Write the reviewer's package; returns its sequence number. `progress` hears of
    each study read and may stop it by raising: then no package is written and its
    number is not used."""
    with project.transaction() as repo:
        reviewer = repo.reviewers.find(reviewer_name)
        if reviewer is None or reviewer.is_consensus:
            raise NotFoundError(f"{project.path}: no reviewer '{reviewer_name}' in the project")
        sent = f"package:sent:{reviewer.id}"
        sequence = int(repo.settings.get(sent, 0)) + 1
        repo.settings.set(sent, sequence)
        extractions = _snapshot(repo, reviewer, progress)
        screening = [
            {
                "reference_id": d.reference_id,
                "stage": d.stage,
                "decision": d.decision,
                "reason": d.reason,
            }
            for d in repo.screening.decisions()
            if d.reviewer_id == reviewer.id
        ]
        project_id = repo.overview.project().id
        signing_key = repo.reviewers.key_of(reviewer.id)
        audit = repo.audit.chain(reviewer.id)
    package = package_bytes(
        project_id, reviewer, sequence, extractions, signing_key, audit, screening
    )
    progress(1, 1, f"Writing {target.name}")  # the last moment a cancel is heard
    write_output(target, package)
    return sequence


def write_package(
    project: Project, profile: ReviewerProfile | None, target: Path, progress: Progress = silent
) -> str:
    """This desktop's reviewer package (the copy's reviewer, else the profile's)."""
    with project.transaction() as repo:
        me = my_id(repo, profile)
        reviewer = repo.reviewers.get(me) if me else None
    if reviewer is None:
        raise NotFoundError(f"{project.path}: you have no answers in this project yet")
    sequence = export_package(project, reviewer.name, target, progress)
    return f"{reviewer.name}, package {sequence}"


def _snapshot(repo: Repository, reviewer: ReviewerInfo, progress: Progress) -> list[dict[str, Any]]:
    documents = {d.id: d for d in repo.documents.list()}
    forms, studies = repo.forms.list(), repo.studies.list()
    extractions, done, total = [], 0, len(forms) * len(studies)
    for form in forms:
        for study in studies:
            progress(done, total, f"Reading {study.label}")
            done += 1
            if reviewer.id not in repo.answers.reviewers_of(study.id, form):
                continue
            data = repo.answers.load(study.id, form, reviewer.id)
            extractions.append(extraction_json(study, form, data, documents))
    return extractions


def import_package(project: Project, path: Path) -> PackageImport:
    """Check a package whole (who signed it, for which project, in which order, what
    it may change), then apply it in one transaction."""
    source = str(path)
    manifest, answers, audit = read_package(path)
    with project.transaction() as repo:
        who = _signer(repo, source, manifest)
        sequence = manifest["sequence"]
        key = f"package:received:{who.id}"
        last = int(repo.settings.get(key, 0))
        plan = _plan(repo, source, answers, who)
        decisions = _screening_plan(repo, source, answers)
        if sequence == last:
            return PackageImport(who.name, sequence, len(plan), 0, applied=False)
        if sequence < last:
            raise RefusedError(
                f"{source}: package {sequence} of {who.name} is older than package {last}, "
                "already imported; replaying it would undo their later work. Nothing changed"
            )
        log = _verified_log(repo, source, who, audit)
        repo.audit.source = f"package {sequence} of {who.name} ({path.name})"
        changed = 0
        quotes = QuoteFollower(repo)
        not_carried = _record_not_carried(repo, who, plan)
        for item in plan:
            form = item.form
            changed += repo.answers.write(
                item.study_id,
                form,
                who.id,
                item.data,
                fields={f.key for f in form.scalar_fields()},
                groups={g.key for g in form.groups()},
            )
            evidence = {p: quotes.follow(found) for p, found in item.data.evidence.items()}
            repo.answers.replace_evidence(item.study_id, form, who.id, evidence)
        screened = _apply_screening(repo, who, decisions) if "screening" in answers else 0
        promote(repo)
        demote(repo, [reference for reference, _, _, _ in decisions])
        repo.settings.set(key, sequence)
        verified = ""
        if log is not None:
            repo.settings.set(f"{LOG_SEEN}{who.id}", log)
            verified = f"; their audit log of {counted(log['events'], 'event')} verified"
        repo.audit.record(
            "package.import",
            reviewer_id=who.id,
            old=last,
            new=sequence,
            detail=f"{path.name}: {counted(len(plan), 'extraction')}, {counted(changed, 'value')} changed, {counted(screened, 'screening decision')} new or changed{quotes.said()}{verified}",
        )
        return PackageImport(
            who.name, sequence, len(plan), changed, True, screened, tuple(not_carried)
        )


def _screening_plan(
    repo: Repository, source: str, answers: dict[str, Any]
) -> list[tuple[str, str, str, str]]:
    """The package's screening decisions (reference id, stage, decision, reason),
    checked; a decision on a record merged since the copy was made follows it."""
    known = {s.id for s in repo.references.list()}
    merged = merged_into(repo)
    problems, plan = [], []
    for number, item in enumerate(answers.get("screening", []), start=1):
        where = f"{source}, screening decision {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        held = str(item.get("reference_id"))
        reference = merged.get(held, held)
        stage, decision = item.get("stage"), item.get("decision")
        reason = item.get("reason", "")
        if reference not in known:
            problems.append(f"{where}: the record is not in this project")
        elif stage not in STAGES or decision not in DECISIONS or not isinstance(reason, str):
            problems.append(f"{where}: not a stage and decision ({stage!r}, {decision!r})")
        else:
            plan.append((reference, str(stage), str(decision), reason, held == reference))
    if problems:
        raise InputError(source, problems)
    # A decision on the record itself stands over one on a duplicate merged into it.
    direct = {(r, stage) for r, stage, _, _, own in plan if own}
    return [
        (r, stage, decision, reason)
        for r, stage, decision, reason, own in plan
        if own or (r, stage) not in direct
    ]


def _apply_screening(
    repo: Repository, who: ReviewerInfo, decisions: list[tuple[str, str, str, str]]
) -> int:
    """Write the package's decisions, and withdraw those an earlier package of the
    reviewer carried and this one no longer does (taken back in their copy). A
    decision the lead recorded for them (a CSV, the command line) is never in their
    copy, so its absence from a package takes nothing back."""
    wanted = {
        (reference, stage): (decision, reason) for reference, stage, decision, reason in decisions
    }
    changed = 0
    for (reference, stage), (decision, reason) in wanted.items():
        changed += repo.screening.decide(ScreeningInfo(reference, who.id, stage, decision, reason))
    carried_key = f"{CARRIED}{who.id}"
    saved = repo.settings.get(carried_key)
    merged = merged_into(repo)
    before = {
        (merged.get(str(r), str(r)), str(stage))
        for r, stage in (saved if isinstance(saved, list) else [])
    }
    for reference, stage in sorted(before - set(wanted)):
        changed += repo.screening.withdraw(reference, who.id, stage)
    repo.settings.set(carried_key, sorted([r, stage] for r, stage in wanted))
    return changed


def _signer(repo: Repository, source: str, manifest: dict[str, Any]) -> ReviewerInfo:
    """The reviewer whose key signed the package, or the reason it is refused."""
    shared_for = repo.settings.get(SHARED_FOR)
    if isinstance(shared_for, dict):
        raise RefusedError(
            f"{source}: this is {shared_for.get('name')}'s copy; reviewer packages are "
            "imported into the lead's project"
        )
    if manifest["project_id"] != repo.overview.project().id:
        raise InputError.at(source, "manifest.json", "the package belongs to another project")
    claimed = read_manifest_reviewer(source, manifest)
    reviewer = repo.reviewers.get(claimed["id"])
    if (reviewer is not None and reviewer.is_consensus) or str(
        claimed["name"]
    ).casefold() == CONSENSUS_NAME.casefold():
        raise RefusedError(f"{source}: the package claims to be the consensus; refused")
    if reviewer is None:
        raise RefusedError(
            f"{source}: {claimed['name']} is not a reviewer of this project; packages come "
            "from copies made with share"
        )
    key = repo.reviewers.key_of(reviewer.id)
    if key is None:
        if "signature" in manifest:
            raise RefusedError(
                f"{source}: signed, but this project holds no key for {reviewer.name}: made "
                "for another reviewer, or by a copy of another project; refused"
            )
        return reviewer  # a copy shared before packages were signed
    if not signed_by(manifest, key):
        raise RefusedError(
            f"{source}: not signed with {reviewer.name}'s key: altered, made for another "
            "reviewer, or from a copy of another project; refused"
        )
    return reviewer


def _verified_log(
    repo: Repository, source: str, who: ReviewerInfo, audit: list[dict[str, Any]] | None
) -> dict[str, Any] | None:
    """Check the reviewer's audit chain that the package carries: whole, theirs, and
    beginning with what their last package carried (a history is only ever added
    to). Returns what to remember of it: its length and its last seal."""
    if audit is None:
        return None  # an unsigned package, from a copy shared before keys existed
    broken = first_break(carried(who.id, audit))
    if broken is not None:
        raise RefusedError(
            f"{source}: {who.name}'s audit log in the package does not hold at {broken}; refused"
        )
    seen = repo.settings.get(f"{LOG_SEEN}{who.id}")
    if isinstance(seen, dict) and seen.get("events"):
        known = int(seen["events"])
        if len(audit) < known or audit[known - 1].get("hash") != seen.get("head"):
            raise RefusedError(
                f"{source}: {who.name}'s audit log no longer begins with the "
                f"{counted(known, 'event')} their last package carried: their history was "
                "rewritten since, or the package comes from another copy; refused"
            )
    return {"events": len(audit), "head": audit[-1].get("hash") if audit else ""}


@dataclass(frozen=True)
class _Planned:
    study_id: str
    form: Form
    data: ExtractionData
    made_on: int  # the form's version the package was made on
    not_carried: list[NotCarried]


def _plan(
    repo: Repository, source: str, answers: dict[str, Any], who: ReviewerInfo
) -> list[_Planned]:
    """Check every extraction of the package against the project (its studies, forms
    and their versions, and the studies assigned to this reviewer); nothing is
    written. An extraction made on an older version of its form is carried to the
    current one as a revision of the form carries the project's answers."""
    problems: list[str] = []
    plan = []
    forms = {form.key: form for form in repo.forms.list()}
    assigned = repo.conflicts.assignments()
    newer: dict[str, tuple[int, int]] = {}  # form key -> (made on, extractions)
    for number, item in enumerate(answers["extractions"], start=1):
        where = f"{source}, extraction {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        study = repo.studies.get(str(item.get("study_id")))
        form = forms.get(str(item.get("form")))
        if study is None:
            problems.append(f"{where}: study {item.get('study')!r} is not in this project")
            continue
        if form is None:
            problems.append(f"{where}: form {item.get('form')!r} is not in this project")
            continue
        if study.id in assigned and who.id not in assigned[study.id]:
            problems.append(f"{where}: {study.label} is assigned to other reviewers")
            continue
        made_on = item.get("form_version", form.version)
        if not isinstance(made_on, int) or isinstance(made_on, bool) or made_on < 1:
            problems.append(f"{where}: form version {made_on!r} is not a version number")
            continue
        if made_on > form.version:
            newer[form.key] = (made_on, newer.get(form.key, (0, 0))[1] + 1)
            continue
        older = repo.form_versions.definition(form.key, made_on) if made_on < form.version else None
        if made_on < form.version and older is None:
            problems.append(
                f"{where} ({study.label}): made on version {made_on} of form '{form.key}', "
                f"which this project no longer holds (it is at version {form.version}); the "
                "reviewer imports the lead's update package, then sends a new package"
            )
            continue
        try:
            data = extraction_from_json(older or form, item)
        except (ExtractorError, ValueError, TypeError, KeyError) as problem:
            problems.append(f"{where} ({study.label}): {problem}")
            continue
        lost: list[NotCarried] = []
        if older is not None:
            data, lost = revise_data(older, form, data)
        plan.append(_Planned(study.id, form, data, made_on, lost))
    for key, (made_on, count) in newer.items():
        problems.append(
            f"{source}: {counted(count, 'extraction')} made on version {made_on} of form "
            f"'{key}', newer than this project's version {forms[key].version}; import the "
            "form's newer version first (extractor form import), or open the lead's current "
            "project"
        )
    if problems:
        raise InputError(source, problems)
    return plan


def _record_not_carried(repo: Repository, who: ReviewerInfo, plan: list[_Planned]) -> list[str]:
    """Keep in the audit log each answer of the package that the form's current
    version cannot hold (once: not again where the log keeps it retired already);
    one line each for the report."""
    lines = []
    labels = {study.id: study.label for study in repo.studies.list()}
    versions = repo.form_versions
    for item in plan:
        for lost in item.not_carried:
            reason = f"made on version {item.made_on} of form '{item.form.key}': {lost.reason}"
            lines.append(f"{labels[item.study_id]}, {lost.place}: {lost.value!r}: {reason}")
            if versions.retired_before(
                who.id, item.study_id, item.form.key, lost.place, lost.value
            ):
                continue
            repo.audit.record(
                "answer.retire",
                reviewer_id=who.id,
                study_id=item.study_id,
                form_key=item.form.key,
                field=lost.place,
                old=lost.value,
                detail=reason,
            )
    return lines


# Update packages


@dataclass(frozen=True)
class UpdateImport:
    studies: int
    documents: int
    forms: int
    references: int = 0


def export_update(project: Project, target: Path) -> None:
    """Write every study, form and PDF of the lead's project (no answers)."""
    with project.transaction() as repo:
        project_id = repo.overview.project().id
        body: dict[str, Any] = {
            "forms": [form.to_dict() for form in repo.forms.list()],
            "studies": [
                {"id": s.id, "label": s.label, "ref": s.ref, "citation": asdict(s.citation)}
                for s in repo.studies.list()
            ],
            "documents": [
                {
                    "id": d.id,
                    "study_id": d.study_id,
                    "sha256": d.sha256,
                    "filename": d.filename,
                    "pages": d.pages,
                }
                for d in repo.documents.list()
            ],
        }
        body |= _screening_for_copies(repo)
        body["pilots"] = {
            form.key: state.to_json()
            for form in repo.forms.list()
            if (state := pilot_state(repo, form.key)) is not None
        }
        blobs = {d["sha256"]: repo.documents.data(d["id"]) for d in body["documents"]}
        blobs |= {f["sha256"]: repo.reference_files.data(f["id"]) for f in body["reference_files"]}
    write_output(target, update_bytes(project_id, body, blobs))


def _screening_for_copies(repo: Repository) -> dict[str, Any]:
    """The references, the records merged away, and the team's verdict on each
    record settled at title and abstract: what opens full-text screening in a copy,
    telling no reviewer how the other decided."""
    found = load_board(repo)
    return {
        "references": [
            {
                "id": item.stored.id,
                "label": item.label,
                "reference": item.stored.reference.citation_json(),
                "sources": [asdict(source) for source in item.stored.sources],
                "study_id": item.stored.study_id,
                "not_retrieved": item.stored.not_retrieved,
            }
            for item in found.items
        ],
        "verdicts": [
            {"reference_id": item.stored.id, "stage": TITLE_ABSTRACT, "decision": state}
            for item in found.items
            if (state := _settled(item.screened.title_abstract.state))
        ],
        "merged": merged_into(repo),
        "reference_files": [asdict(f) for f in repo.reference_files.list()],
    }


CARRIED = "package:screening:"  # + a reviewer's id: the decisions their last package carried
FILE_FIELDS = ("id", "reference_id", "sha256", "filename", "pages", "matched")


def _settled(state: State) -> str:
    return {State.INCLUDED: INCLUDE, State.EXCLUDED: EXCLUDE}.get(state, "")


def import_update(project: Project, path: Path) -> UpdateImport:
    source = str(path)
    update = read_update(path)
    with project.transaction() as repo:
        if update.project_id != repo.overview.project().id:
            raise InputError.at(source, "manifest.json", "the package belongs to another project")
        for form in update.forms:
            held = repo.forms.get(form.key)
            renumbered = (
                held is not None and held.to_dict() == replace(form, version=held.version).to_dict()
            )  # the same form under another number: taken as the lead's
            if held is not None and form.version < held.version and not renumbered:
                raise RefusedError(
                    f"{source}: an older update: it brings version {form.version} of form "
                    f"'{form.key}', and this copy has version {held.version} already from a "
                    "later one; nothing changed"
                )
        changed_forms = sum(1 for form in update.forms if _form_changed(repo, form))
        for form in update.forms:  # the lead's version; this copy's answers carried to it
            revision = plan_revision(repo, form, from_lead=True)
            apply_revision(repo, revision, f"the lead's update {path.name}", from_lead=True)
        studies = 0
        for item in update.studies:
            try:
                citation = Citation(**(item.get("citation") or {}))
                studies += repo.studies.put(
                    str(item["id"]), str(item["label"]), item.get("ref"), citation
                )
            except (KeyError, TypeError) as exc:
                raise InputError.at(
                    source, "project.json", f"a study is incomplete ({exc})"
                ) from None
        documents = 0
        for item in update.documents:
            if repo.studies.get(str(item.get("study_id"))) is None:
                raise InputError.at(
                    source, "project.json", f"document {item.get('filename')!r} names no study"
                )
            documents += repo.documents.put(
                str(item["id"]),
                str(item["study_id"]),
                str(item["filename"]),
                update.pdf(item),
                int(item["pages"]),
            )
        references = _update_screening(repo, source, update)
        known_forms = {form.key for form in repo.forms.list()}
        for key, pilot in update.pilots.items():  # which studies the lead pilots a form on
            if key in known_forms:
                repo.settings.set(PILOT + key, pilot)
        if studies or documents or changed_forms or references:
            repo.audit.record(
                "package.update",
                detail=f"{path.name}: {counted(studies, 'study', 'studies')}, {counted(documents, 'document')}, {counted(changed_forms, 'form')}, {counted(references, 'reference')}",
            )
        return UpdateImport(studies, documents, changed_forms, references)


def _update_screening(repo: Repository, source: str, update: Update) -> int:
    """The lead's references and team verdicts into a copy; the reviewer's own
    decisions on a record the lead merged move to the record it joined."""
    changed = 0
    for position, item in enumerate(update.references):
        try:
            stored = StoredReference(
                str(item["id"]),
                str(item["label"]),
                Reference.from_citation_json(item["reference"]),
                tuple(
                    Source(str(s["database"]), str(s["file"]), int(s["record"]))
                    for s in item["sources"]
                ),
                item.get("study_id"),
                bool(item.get("not_retrieved")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError.at(
                source, "project.json", f"a reference is incomplete ({exc})"
            ) from None
        changed += repo.references.put(stored, position)
    held = {s.id for s in repo.references.list()}
    for item in update.reference_files:
        try:
            info = ReferenceFileInfo(**{k: item[k] for k in FILE_FIELDS})
        except (KeyError, TypeError) as exc:
            raise InputError.at(
                source, "project.json", f"a full text is incomplete ({exc})"
            ) from None
        if info.reference_id in held:
            changed += repo.reference_files.put(info, update.pdf(item))
    for gone, kept in update.merged.items():
        if gone in held and kept in held:
            repo.screening.move(gone, kept)
            repo.reference_files.move(gone, kept)
            repo.references.remove(gone, "merged by the lead")
            changed += 1
    consensus = repo.reviewers.consensus()
    settled = set()
    for item in update.verdicts:
        reference, decision = str(item.get("reference_id")), item.get("decision")
        if reference in held and decision in (INCLUDE, EXCLUDE):
            verdict = ScreeningInfo(reference, consensus.id, TITLE_ABSTRACT, str(decision))
            repo.screening.decide(verdict, how="the team's verdict")
            settled.add(reference)
    for decided in repo.screening.decisions():  # a verdict the lead has since reopened
        if (
            decided.reviewer_id == consensus.id
            and decided.stage == TITLE_ABSTRACT
            and decided.reference_id not in settled
        ):
            repo.screening.withdraw(decided.reference_id, consensus.id, TITLE_ABSTRACT)
    return changed


def _form_changed(repo: Repository, form: Form) -> bool:
    current = repo.forms.get(form.key)
    return current is None or current.to_dict() != form.to_dict()


# Either kind


@dataclass(frozen=True)
class PackageOutcome:
    """What importing one file did: a reviewer package or an update package."""

    path: Path
    reviewer: PackageImport | None = None
    update: UpdateImport | None = None


def import_packages(
    project: Project,
    paths: list[Path],
    each: Callable[[PackageOutcome], None] | None = None,
    progress: Progress = silent,
) -> list[PackageOutcome]:
    """Reviewer packages and update packages, each checked whole and applied in its own
    transaction, one after another; `each` hears of every one as it is applied, and
    `progress(done, total, name)` before each (raising there stops before that one)."""
    done = []
    for number, path in enumerate(paths):
        progress(number, len(paths), f"Importing {path.name}")
        if is_update(path):
            outcome = PackageOutcome(path, update=import_update(project, path))
        else:
            outcome = PackageOutcome(path, reviewer=import_package(project, path))
        done.append(outcome)
        if each is not None:
            each(outcome)
    return done
