"""Studies and their full texts: the study list, studies CSV, PDFs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from extractor.app.desktop import ReviewerProfile
from extractor.app.extraction import fixed_writer, my_id
from extractor.app.pilot import pilot_state
from extractor.app.ports import Project
from extractor.core.errors import InputError, NotFoundError, RefusedError
from extractor.core.forms import Form
from extractor.core.matching import study_for_file
from extractor.core.model import Citation, DocumentInfo, ReviewerInfo, Status, StudyInfo
from extractor.core.progress import Progress, silent
from extractor.core.values import is_empty
from extractor.core.words import counted
from extractor.io.pdf_import import pdf_files, read_pdf
from extractor.io.studies_csv import read_studies
from extractor.store.bulk import collector_paused
from extractor.store.repository import Repository
from extractor.store.sharing import WORKS_AS


@dataclass(frozen=True)
class StudyStatus:
    study: StudyInfo
    statuses: dict[str, Status]  # form key -> status for the reviewer shown
    pilots: tuple[str, ...] = ()  # the forms in pilot on this study, by name


@dataclass(frozen=True)
class Overview:
    me: str | None  # the reviewer this desktop writes as, in this project
    works_as: ReviewerInfo | None  # that reviewer when the project fixes it (a copy, the demo)
    demo: bool  # the demo, whose reviewers one may work as in turn
    title: str
    forms: list[Form]
    reviewers: list[ReviewerInfo]
    studies: list[StudyStatus]


def overview(
    project: Project, reviewer_id: str | None, profile: ReviewerProfile | None = None
) -> Overview:
    """The study list for one reviewer's answers (None: this desktop's reviewer)."""
    with project.reading() as repo:
        me = my_id(repo, profile)
        reviewer_id = reviewer_id or me
        forms = repo.forms.list()
        statuses = {
            form.key: repo.answers.statuses(form.key, reviewer_id) if reviewer_id else {}
            for form in forms
        }
        piloted = _piloted(repo, forms)
        studies = [
            StudyStatus(
                study,
                {form.key: statuses[form.key].get(study.id, Status.NOT_STARTED) for form in forms},
                tuple(name for name, ids in piloted if study.id in ids),
            )
            for study in repo.studies.list()
        ]
        return Overview(
            me=me,
            works_as=fixed_writer(repo),
            demo=isinstance(repo.settings.get(WORKS_AS), dict),
            title=repo.overview.project().title,
            forms=forms,
            reviewers=repo.reviewers.list(include_consensus=True),
            studies=studies,
        )


def _piloted(repo: Repository, forms: list[Form]) -> list[tuple[str, set[str]]]:
    """Each form in pilot now, by name, with its pilot studies."""
    found = []
    for form in forms:
        state = pilot_state(repo, form.key)
        if state is not None and state.running:
            found.append((form.name, set(state.studies)))
    return found


@dataclass
class StudiesImport:
    added: int = 0
    updated: int = 0
    ignored_columns: list[str] = field(default_factory=list)


def import_studies(project: Project, path: Path, progress: Progress = silent) -> StudiesImport:
    """Study records from a CSV: the whole file is checked, then written at once.
    `progress` hears of each study and may stop the import by raising: then nothing
    is written."""
    progress(0, 0, f"Reading {path.name}")
    rows, ignored = read_studies(path)
    outcome = StudiesImport(ignored_columns=ignored)
    with project.transaction() as repo, collector_paused():
        for number, row in enumerate(rows):
            progress(number, len(rows), f"Adding {row.label}")
            _, created = repo.studies.upsert(row.label, row.ref, row.citation)
            if created:
                outcome.added += 1
            else:
                outcome.updated += 1
    return outcome


@dataclass(frozen=True)
class Attached:
    study: str
    filename: str
    pages: int


@dataclass
class PdfImport:
    """What a batch of PDFs became: attached, left out with why, and files that two or
    more studies fit, for the user to choose."""

    attached: list[Attached] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "file: why"
    undecided: list[tuple[Path, list[str]]] = field(default_factory=list)  # file, labels

    def left_out(self) -> list[str]:
        """Every file not attached, with why: as the command line lists them."""
        return self.skipped + [
            f"{path}: could be {', '.join(labels)}; name the study with --study"
            for path, labels in self.undecided
        ]


def import_pdfs(
    project: Project,
    paths: list[Path],
    study: str | None = None,
    password: str | None = None,
    progress: Progress = silent,
) -> PdfImport:
    """Attach every readable PDF to the study its name points to (or to `study`), in
    one transaction; a file that cannot be read or matched is left out and said, and
    the others are attached all the same. `password` opens files protected by one;
    `progress(done, total, name)` hears of each file (and may stop the import by
    raising: then nothing is attached)."""
    files = pdf_files(paths)
    if not files:
        raise InputError.at(", ".join(str(p) for p in paths), None, "no PDF files found")
    outcome = PdfImport()
    with project.transaction() as repo:
        studies = repo.studies.list()
        chosen: StudyInfo | None = None
        if study is not None:
            chosen = repo.studies.find(study)
            if chosen is None:
                raise NotFoundError(f"no study '{study}' in the project")
        for number, path in enumerate(files):
            progress(number, len(files), f"Reading {path.name}")
            try:
                data, pages = read_pdf(path, password)
            except InputError as error:
                outcome.skipped += error.problems
                continue
            matches = [chosen] if chosen else study_for_file(path.name, studies)
            if not matches:
                outcome.skipped.append(
                    f"{path}: no study matches the file name; name the study with --study"
                )
            elif len(matches) > 1:
                outcome.undecided.append((path, [s.label for s in matches]))
            else:
                document = repo.documents.attach(matches[0].id, path.name, data, pages)
                outcome.attached.append(Attached(matches[0].label, document.filename, pages))
    return outcome


def attach_pdf(
    project: Project, study_id: str, path: Path, password: str | None = None
) -> DocumentInfo:
    """Check a file is a readable PDF, then store it with the study (once per content);
    a file protected by a password is stored without it."""
    data, pages = read_pdf(path, password)
    with project.transaction() as repo:
        return repo.documents.attach(study_id, path.name, data, pages)


def document_bytes(project: Project, document_id: str) -> bytes:
    with project.reading() as repo:
        return repo.documents.data(document_id)


# Studies and their PDFs, one at a time


def add_study(project: Project, label: str, ref: str | None, citation: Citation) -> StudyInfo:
    """A new study; refused when its label is taken."""
    label = label.strip()
    if not label:
        raise InputError.at("label", None, "a study needs a label, e.g. 'Kolev et al'")
    with project.transaction() as repo:
        if repo.studies.find(label) is not None:
            raise RefusedError(f"a study '{label}' is already in the project")
        study, _ = repo.studies.upsert(label, ref, citation)
        return study


def edit_study(
    project: Project, study_id: str, label: str, ref: str | None, citation: Citation
) -> StudyInfo:
    """New details of a study (its label, reference number, authors, year, DOI…), all
    of them: a detail left empty is cleared (the window's study dialog)."""
    with project.transaction() as repo:
        return _put_study(repo, study_id, label, ref, citation)


def update_study(
    project: Project, study: str, label: str | None, ref: str | None, given: Citation
) -> tuple[StudyInfo, StudyInfo]:
    """Change only the details given; None keeps a detail (the command line's edit).
    Returns the study before and after."""
    with project.transaction() as repo:
        current = _study(repo, study)
        kept = {name: value for name, value in asdict(given).items() if value is not None}
        after = _put_study(
            repo,
            current.id,
            label or current.label,
            current.ref if ref is None else ref,
            replace(current.citation, **kept),
        )
        return current, after


def _put_study(
    repo: Repository, study_id: str, label: str, ref: str | None, citation: Citation
) -> StudyInfo:
    label = label.strip()
    if not label:
        raise InputError.at("label", None, "a study needs a label, e.g. 'Kolev et al'")
    other = repo.studies.find(label)
    if other is not None and other.id != study_id:
        raise RefusedError(f"a study '{label}' is already in the project")
    repo.studies.put(study_id, label, ref, citation)
    found = repo.studies.get(study_id)
    if found is None:
        raise NotFoundError("the study no longer exists")
    return found


@dataclass(frozen=True)
class StudyContents:
    """What removing a study would delete: each reviewer's answers, quotes, decisions
    on its conflicts and PDFs."""

    label: str
    answers: tuple[tuple[str, int], ...]  # reviewer name, values answered
    quotes: int
    decisions: int
    documents: int

    @property
    def empty(self) -> bool:
        return not (self.answers or self.quotes or self.decisions)

    def said(self) -> str:
        """ "Alice Moreau's 24 answers, Ben Okafor's 23 answers, 12 quotes and 1 PDF" """
        parts = [f"{name}'s {counted(n, 'answer')}" for name, n in self.answers]
        parts += [counted(self.quotes, "quote")] if self.quotes else []
        parts += [counted(self.decisions, "decided conflict")] if self.decisions else []
        parts += [counted(self.documents, "PDF")] if self.documents else []
        if not parts:
            return "nothing anyone entered"
        return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def study_info(project: Project, study_id: str) -> StudyInfo | None:
    with project.reading() as repo:
        return repo.studies.get(study_id)


def study_contents(project: Project, study: str) -> StudyContents:
    with project.reading() as repo:
        return _contents(repo, _study(repo, study))


def remove_study(project: Project, study: str, confirmed: StudyContents | None) -> StudyContents:
    """Remove a study and all it holds. Anything a reviewer entered goes only when the
    caller confirmed exactly what would be lost (`confirmed`, from study_contents);
    if more arrived meanwhile, nothing is removed."""
    with project.transaction() as repo:
        found = _study(repo, study)
        contents = _contents(repo, found)
        if not contents.empty and contents != confirmed:
            raise RefusedError(
                f"removing {found.label} deletes {contents.said()}; confirm to remove it"
            )
        repo.studies.remove(found.id, f"removed with {contents.said()}")
        return contents


def _study(repo: Repository, name: str) -> StudyInfo:
    found = repo.studies.get(name) or repo.studies.find(name)
    if found is None:
        raise NotFoundError(f"no study '{name}' in the project")
    return found


def _contents(repo: Repository, study: StudyInfo) -> StudyContents:
    reviewers = repo.reviewers.list(include_consensus=True)
    names = {r.id: r.name for r in reviewers}
    order = [r.id for r in reviewers]  # said in the order reviewers joined
    answered: dict[str, int] = {}
    quotes = 0
    for form in repo.forms.list():
        for result_key, who in repo.answers.results_of(form).items():
            if result_key[0] != study.id:
                continue
            for reviewer_id in sorted(who, key=lambda r: order.index(r) if r in order else 0):
                data = repo.answers.load(study.id, form, reviewer_id, result_key[1])
                values = sum(1 for v in data.values.values() if not is_empty(v))
                values += sum(
                    1
                    for rows in data.groups.values()
                    for row in rows
                    for v in row.values()
                    if not is_empty(v)
                )
                name = names.get(reviewer_id, "a reviewer")
                answered[name] = answered.get(name, 0) + values
                quotes += sum(len(q) for q in data.evidence.values())
    decisions = repo.conflicts.decisions_of(study.id)
    documents = len(repo.documents.list(study.id))
    return StudyContents(
        study.label,
        tuple((name, n) for name, n in answered.items() if n),
        quotes,
        decisions,
        documents,
    )


def pdf_of(project: Project, study: str, filename: str) -> tuple[StudyInfo, DocumentInfo]:
    """A study's PDF by its file name, or an error that lists the PDFs it has."""
    with project.reading() as repo:
        found = _study(repo, study)
        documents = repo.documents.list(found.id)
    document = next((d for d in documents if d.filename == filename), None)
    if document is None:
        names = ", ".join(d.filename for d in documents) or "none"
        raise NotFoundError(f"{found.label} has no PDF '{filename}' (its PDFs: {names})")
    return found, document


def pdf_quotes(project: Project, document_id: str) -> int:
    """How many quotes point into a PDF: what detaching it would take with it."""
    with project.reading() as repo:
        return repo.documents.quotes_on(document_id)


def detach_pdf(project: Project, document_id: str, confirmed_quotes: int) -> None:
    """Take a PDF from its study with the quotes that point into it, when the caller
    confirmed how many (from pdf_quotes); refused if there are more by now."""
    with project.transaction() as repo:
        quotes = repo.documents.quotes_on(document_id)
        if quotes > confirmed_quotes:
            raise RefusedError(
                f"detaching it deletes {counted(quotes, 'quote')} of evidence; confirm to detach"
            )
        repo.documents.detach(document_id)
