"""The demo project: eleven studies of the reference review, a synthetic full
text for each, and two reviewers' extractions that agree on most fields and
differ on a few, so that every screen and export has something to show."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extractor.app.rob import instrument
from extractor.core.forms import Form, load_form_json
from extractor.core.model import Citation, Evidence, ExtractionData, Status
from extractor.core.prisma import reference_review
from extractor.core.values import Value
from extractor.pdf.document import PdfDocument
from extractor.pdf.inspect import inspect_pdf
from extractor.reports.article import Article, article_pdf
from extractor.resources import resource
from extractor.store.project import ProjectFile
from extractor.store.repository import Repository
from extractor.store.sharing import WORKS_AS

TITLE = "Biologics in autoimmune hepatitis (demo)"
QUESTION = (
    "In adults with autoimmune hepatitis, what is reported about biologic therapies, "
    "used as treatment or as the cause of drug-induced AIH?"
)
REVIEWER_A = "Alice Moreau"
REVIEWER_B = "Ben Okafor"

# What reviewer B reads differently from reviewer A, by study label.
B_DIFFERS: dict[str, Callable[[ExtractionData], object]] = {
    "Arvaniti et al": lambda d: d.values.update(age="27, 58"),
    "Burak et al": lambda d: d.groups["arms"][0].update(improved=4),
    "Carey et al": lambda d: d.values.update(design="Case series"),
    "Riveiro-Barciela et al": lambda d: d.groups["arms"][0].update(dose="1 g every 2 weeks"),
    "Jenkins et al": lambda d: d.groups["arms"].append(
        {"agent": "Adalimumab", "dose": None, "patients": 1, "improved": 0}
    ),
    "Wong et al": lambda d: d.values.pop("aih_type"),
    # Differs only in case and spacing: normalised, it agrees.
    "Kolev et al": lambda d: d.values.update(country="switzerland "),
}
B_IN_PROGRESS = {"Santos et al", "Zarrabi et al"}


@dataclass(frozen=True)
class DemoStudy:
    ref: str
    label: str
    facts: dict[str, str]


def demo_studies() -> list[DemoStudy]:
    with resource("demo", "aih_studies.csv").open(encoding="utf-8", newline="") as handle:
        return [
            DemoStudy(ref=row["ref"], label=row["study"], facts=row)
            for row in csv.DictReader(handle)
        ]


def demo_form() -> Form:
    path = resource("demo", "aih_form.json")
    return load_form_json(path.read_text(encoding="utf-8"), str(path))


def write_demo(path: Path | str) -> ProjectFile:
    """Create the demo project at `path` and return it open."""
    project = ProjectFile.create(Path(path), TITLE, QUESTION)
    try:
        with project.transaction() as repo:
            _fill(repo)
    except BaseException:
        project.close()
        Path(path).unlink(missing_ok=True)
        raise
    return project


def _fill(repo: Repository) -> None:
    form = demo_form()
    repo.forms.save(form)
    repo.settings.set(
        "export.tables",
        {
            "form": form.key,
            "fields": [
                "country",
                "age",
                "comorbidity",
                "aih_type",
                "previous_intervention",
                "arms",
                "comparison",
                "design",
                "outcomes",
                "result",
            ],
            "group_by": "category",
            "captions": {
                "treatment": "Biologics for the treatment of AIH",
                "induced": "Anti-TNF induced AIH",
            },
            "page_size": "A4",
        },
    )
    repo.settings.set("export.synthesis", {"by": ["category", "arms.agent"]})
    repo.prisma.save(reference_review())
    alice = repo.reviewers.add(REVIEWER_A, "AM")
    ben = repo.reviewers.add(REVIEWER_B, "BO")
    # Whoever opens the demo works as one of its reviewers (the window lets them
    # switch), never as an empty third one.
    repo.settings.set(WORKS_AS, {"id": alice.id, "name": alice.name})
    for item in demo_studies():
        surname = item.label.removesuffix(" et al")
        study, _ = repo.studies.upsert(
            item.label, item.ref, Citation(authors=f"{surname} et al.", title=_title(item.facts))
        )
        pdf = article_pdf(_article(item))
        facts = inspect_pdf(pdf, f"{surname}.pdf")
        document = repo.documents.attach(study.id, f"{surname}.pdf", pdf, facts.pages)
        answers = _answers(item.facts)
        answers.status = Status.COMPLETE
        repo.answers.write(study.id, form, alice.id, answers)
        for path, quote in _quotes(item.facts).items():
            for evidence in _find(pdf, document.id, quote):
                repo.answers.add_evidence(study.id, form, alice.id, path, evidence)
        theirs = _answers(item.facts)
        differ = B_DIFFERS.get(item.label)
        if differ is not None:
            differ(theirs)
        theirs.status = Status.IN_PROGRESS if item.label in B_IN_PROGRESS else Status.COMPLETE
        repo.answers.write(study.id, form, ben.id, theirs)
        _appraise(repo, study.id, item, alice.id, ben.id)


# The JBI checklist items each reviewer could not confirm from the report, by study.
UNCLEAR_ITEMS = {
    "Burak et al": {"D4"},
    "Riveiro-Barciela et al": {"D4", "D5"},
    "Wong et al": {"D7"},
}
B_APPRAISES_OTHERWISE = {
    "Carey et al": ("D8", "No")
}  # the one disagreement of the demo's appraisals


def _appraise(repo: Repository, study_id: str, item: DemoStudy, alice: str, ben: str) -> None:
    """Both reviewers appraise the study with the JBI checklist for its design."""
    tool = "JBI-CS" if item.facts["design"] == "Case series" else "JBI-CR"
    used = instrument(repo, tool, add=True)
    unclear = UNCLEAR_ITEMS.get(item.label, set())
    for reviewer in (alice, ben):
        values: dict[str, Value] = {}
        for domain in used.domains:
            values[domain.judgement] = "Unclear" if domain.id in unclear else "Yes"
        if reviewer == ben and item.label in B_APPRAISES_OTHERWISE:
            domain_id, answer = B_APPRAISES_OTHERWISE[item.label]
            values[f"{domain_id.lower()}_judgement"] = answer
        answers = [values[d.judgement] for d in used.domains]
        values["overall_judgement"] = (
            "High" if "No" in answers else ("Some concerns" if "Unclear" in answers else "Low")
        )
        repo.answers.write(
            study_id, used.form, reviewer, ExtractionData(values=values, status=Status.COMPLETE)
        )


def _answers(facts: dict[str, str]) -> ExtractionData:
    def value(key: str) -> str | None:
        return facts.get(key) or None

    return ExtractionData(
        values={
            "category": value("category"),
            "country": value("country"),
            "design": value("design"),
            "age": value("age"),
            "comorbidity": value("comorbidity"),
            "aih_type": value("aih_type"),
            "previous_intervention": value("previous_intervention"),
            "comparison": value("comparison"),
            "outcomes": value("outcomes_measured"),
            "result": value("result"),
        },
        groups={
            "arms": [
                {
                    "agent": value("agent"),
                    "dose": value("dose"),
                    "patients": int(facts["n_patients"]),
                    "improved": int(facts["n_improved"]),
                }
            ]
        },
    )


def _title(facts: dict[str, str]) -> str:
    design = facts["design"].lower()
    if facts["category"] == "induced":
        return f"Autoimmune hepatitis induced by {facts['agent'].lower()}: a {design} from {facts['country']}"
    return f"{facts['agent']} for {facts['aih_type']}: a {design} from {facts['country']}"


def _article(item: DemoStudy) -> Article:
    f = item.facts
    n = int(f["n_patients"])
    people = "one patient" if n == 1 else f"{n} patients"
    dose = f" at {f['dose']}" if f["dose"] else ""
    if f["category"] == "induced":
        background = (
            "Anti-tumour necrosis factor (anti-TNF) drugs can induce an autoimmune hepatitis "
            f"(AIH). We describe {people} treated in {f['country']} who developed AIH while "
            f"receiving {f['agent'].lower()}{dose}."
        )
    else:
        background = (
            "Autoimmune hepatitis (AIH) that does not respond to, or cannot tolerate, standard "
            f"immunosuppression needs other options. We describe {people} treated in "
            f"{f['country']} with {f['agent'].lower()}{dose}."
        )
    sections = [
        ("Background", background),
        (
            "Patients and methods",
            f"Design: {f['design'].lower()}. Age at presentation: {f['age']} years. "
            f"Type of disease: {f['aih_type']}. Comorbidities: {f['comorbidity']}. "
            f"Previous treatment: {f['previous_intervention']}. Comparison: {f['comparison']}. "
            f"Outcomes measured: {f['outcomes_measured']}.",
        ),
        (
            "Results",
            f"{f['n_improved']} of {n} patients improved. {f['result']}.",
        ),
        (
            "Conclusion",
            f"{f['agent']} deserves attention in AIH; larger studies are needed to confirm "
            "these observations.",
        ),
    ]
    table = [
        ["Patients", "Age (years)", "Agent", "Dose", "Improved", "Outcome"],
        [str(n), f["age"], f["agent"], f["dose"] or "not reported", f["n_improved"], f["result"]],
    ]
    return Article(
        title=_title(f),
        authors=f"{item.label.removesuffix(' et al')} et al.",
        journal=f"Demonstration full text for reference {item.ref} of the review",
        sections=sections,
        table_caption="Table 1. Patients",
        table=table,
    )


def _quotes(facts: dict[str, str]) -> dict[str, str]:
    """Reviewer A's evidence: the words in the full text each value was read from."""
    return {
        "country": f"treated in {facts['country']}",
        "design": f"Design: {facts['design'].lower()}",
        "arms[1].improved": f"{facts['n_improved']} of {facts['n_patients']} patients improved",
    }


def _find(pdf: bytes, document_id: str, quote: str) -> list[Evidence]:
    """The quote's boxes on the first page where it occurs."""
    document = PdfDocument.open(pdf, "demo")
    try:
        hits = document.search(quote)
    finally:
        document.close()
    if not hits:
        return []
    page = hits[0].page
    boxes = tuple(
        (round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2))
        for x0, y0, x1, y1 in (hit.rect for hit in hits if hit.page == page)
    )
    return [Evidence(document_id, page + 1, boxes, quote)]
