"""Searching 200 attached PDFs: the FTS5 index against scanning their text.

200 articles of 10 pages each are attached to 200 studies and indexed (not timed).
A drug is named on about one page in a hundred, as in a review's full texts.
Measured: a set of queries (a word, a phrase, a prefix, AND, NOT) answered by
`app.search.search`, study, page and snippet included, against a search without the
index as the application would have to run it: open the project, read every page's
stored text, fold case and accents, and run each query as regular expressions over
all of it. Both must find the same pages. Printed too, not budgeted: the scan with
the text already read and folded in memory, the least a scan can cost.
Budget: the index at least 50 times faster than the scan.
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

import pymupdf
from sqlalchemy import text
from support import median_seconds, result

from extractor.app.search import search, update_index
from extractor.core.model import Citation
from extractor.store.project import ProjectFile

BUDGET = 50.0
DOCUMENTS, PAGES, LINES = 200, 10, 40
WORDS = [
    "patients",
    "treated",
    "refractory",
    "autoimmune",
    "hepatitis",
    "response",
    "remission",
    "liver",
    "biopsy",
    "fibrosis",
    "steroid",
    "azathioprine",
    "mycophenolate",
    "transaminases",
    "follow",
    "months",
    "weeks",
    "dose",
    "adverse",
    "event",
    "relapse",
    "cohort",
    "serum",
    "bilirubin",
    "albumin",
    "histology",
    "grade",
    "stage",
]
DRUGS = ["rituximab", "belimumab", "infliximab", "adalimumab", "tocilizumab", "abatacept"]
# Each query with the regular expressions a page must match for it (all of `must`,
# none of `never`), over folded text.
QUERIES = {
    "tocilizumab": (["tocilizumab"], []),
    '"infusion reaction"': ([r"infusion reaction"], []),
    "abatacep*": ([r"abatacep\w*"], []),
    "belimumab AND relapse": (["belimumab", "relapse"], []),
    "adalimumab NOT infusion": (["adalimumab"], ["infusion"]),
}


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def article(rng: random.Random) -> tuple[bytes, list[str]]:
    document = pymupdf.open()
    for _ in range(PAGES):
        page = document.new_page()
        y = 60
        for _ in range(LINES):
            words = [rng.choice(WORDS) for _ in range(11)]
            if rng.random() < 0.0015:  # a drug on about one page in a hundred
                words[rng.randrange(11)] = rng.choice(DRUGS)
            if rng.random() < 0.0005:
                words[3:5] = ["infusion", "reaction"]
            page.insert_text((56, y), " ".join(words), fontsize=8.5)
            y += 18
    return document.tobytes(), []


def build(folder: Path) -> ProjectFile:
    rng = random.Random(7)
    path = folder / "search.extractor"
    project = ProjectFile.create(path, "Benchmark")
    with project.transaction() as repo:
        for number in range(DOCUMENTS):
            study, _ = repo.studies.upsert(f"Study {number:03d}", None, Citation())
            data, _ = article(rng)
            repo.documents.attach(study.id, f"study-{number:03d}.pdf", data, PAGES)
    update_index(project)
    return project


def scan_project(project: ProjectFile, query: str) -> set[tuple[str, int]]:
    """The search without its index: every page's stored text read, folded, matched."""
    with project.reading() as repo:
        rows = repo.session.execute(
            text(
                "SELECT s.label, p.page, p.text FROM page_text AS p"
                " JOIN document AS d ON d.id = p.document_id JOIN study AS s ON s.id = d.study_id"
            )
        ).all()
    return scan([(label, page + 1, folded(words)) for label, page, words in rows], query)


def scan(pages: list[tuple[str, int, str]], query: str) -> set[tuple[str, int]]:
    must, never = QUERIES[query]
    wanted = [re.compile(rf"\b{pattern}\b") for pattern in must]
    unwanted = [re.compile(rf"\b{pattern}\b") for pattern in never]
    return {
        (study, page)
        for study, page, text in pages
        if all(p.search(text) for p in wanted) and not any(p.search(text) for p in unwanted)
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        project = build(Path(folder))
        try:
            with project.reading() as repo:
                studies = {s.id: s.label for s in repo.studies.list()}
                pages = []
                for document in repo.documents.list():
                    text = pymupdf.open(stream=repo.documents.data(document.id), filetype="pdf")
                    for number, page in enumerate(text):
                        words = " ".join(w[4] for w in page.get_text("words"))
                        pages.append((studies[document.study_id], number + 1, folded(words)))
            for query in QUERIES:
                indexed = {(hit.study, hit.page) for hit in search(project, query, limit=10**6)}
                scanned = scan_project(project, query)
                if indexed != scanned or scanned != scan(pages, query):
                    print(f"{query}: the index found {len(indexed)} pages, the scan {len(scanned)}")
                    result("search_speedup", 0.0, BUDGET, False)
                    return 1
                print(f"{query}: {len(indexed)} pages, the same by both")
            indexed_time = median_seconds(
                lambda: [search(project, q, limit=10**6) for q in QUERIES], 15
            )
            scan_time = median_seconds(lambda: [scan_project(project, q) for q in QUERIES], 3)
            memory_time = median_seconds(lambda: [scan(pages, q) for q in QUERIES], 5)
        finally:
            project.close()
    ratio = scan_time / indexed_time
    print(
        f"{DOCUMENTS} PDFs, {len(pages)} pages, {len(QUERIES)} queries: index"
        f" {1000 * indexed_time:.1f} ms; scan {1000 * scan_time:.0f} ms; scan of text already"
        f" read and folded in memory {1000 * memory_time:.0f} ms"
        f" ({memory_time / indexed_time:.0f}x the index)"
    )
    result("search_speedup", ratio, BUDGET, ratio >= BUDGET)
    return 0 if ratio >= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
