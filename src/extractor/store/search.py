"""The full-text index of the attached PDFs: an FTS5 table, one row per page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from extractor.core.errors import RefusedError

TABLE = "page_text"  # made by migration 0009; FTS5 keeps its data in page_text_* tables
TABLES = (TABLE, *(f"{TABLE}_{part}" for part in ("data", "idx", "content", "docsize", "config")))
CREATE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(text, document_id UNINDEXED, sha256 UNINDEXED,"
    " page UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
)  # as migration 0009 made it, for a new project
MARK_START, MARK_END = "\x02", "\x03"  # around each hit in a snippet


@dataclass(frozen=True)
class PageHit:
    document_id: str
    filename: str
    study_id: str
    study: str  # the study's label
    page: int  # 0-based
    snippet: str  # the words around the hits, each hit between MARK_START and MARK_END
    score: float  # bm25: lower is better


class SearchIndex:
    def __init__(self, session: Session) -> None:
        self.session = session

    def indexed(self) -> dict[str, str]:
        """document id -> the SHA-256 of the file its rows were read from."""
        rows = self.session.execute(text(f"SELECT DISTINCT document_id, sha256 FROM {TABLE}"))
        return {document: sha for document, sha in rows}

    def put(self, document_id: str, sha256: str, pages: list[str]) -> None:
        """Index a document's pages, replacing what was indexed of it before."""
        self.drop(document_id)
        self.session.execute(
            text(
                f"INSERT INTO {TABLE} (text, document_id, sha256, page)"
                " VALUES (:text, :document, :sha, :page)"
            ),
            [
                {"text": words, "document": document_id, "sha": sha256, "page": number}
                for number, words in enumerate(pages)
            ],
        )

    def _match(self, query: str, limit: int) -> list[Any]:
        # Pages of PDFs detached since they were indexed drop out in the join.
        return list(
            self.session.execute(
                text(
                    f"SELECT p.document_id, d.filename, d.study_id, s.label, p.page,"
                    f" snippet({TABLE}, 0, :start, :end, '…', 16), bm25({TABLE})"
                    f" FROM {TABLE} AS p JOIN document AS d ON d.id = p.document_id"
                    f" JOIN study AS s ON s.id = d.study_id"
                    f" WHERE {TABLE} MATCH :query ORDER BY bm25({TABLE}) LIMIT :limit"
                ),
                {"query": query, "start": MARK_START, "end": MARK_END, "limit": limit},
            ).all()
        )

    def drop(self, document_id: str) -> None:
        self.session.execute(
            text(f"DELETE FROM {TABLE} WHERE document_id = :document"), {"document": document_id}
        )

    def search(self, query: str, limit: int = 500) -> list[PageHit]:
        """Pages matching an FTS5 query (words, "a phrase", prefix*, AND, OR, NOT,
        NEAR), best first; a query FTS5 cannot read is refused, saying so."""
        try:
            rows = self._match(query, limit)
        except OperationalError as error:
            # "covid-19", "IL-6", "p.o." are words to a reader but syntax to FTS5:
            # such terms are searched as phrases before the query is refused.
            try:
                rows = self._match(_quoted_terms(query), limit)
            except OperationalError:
                reason = str(error.orig).removeprefix("fts5: ")
                raise RefusedError(
                    f"the search {query!r} cannot be read ({reason}): close every quote and"
                    " bracket, and begin with a word (NOT needs a word before it)"
                ) from None
        return [
            PageHit(document, filename, study_id, label, int(page), snippet, score)
            for document, filename, study_id, label, page, snippet, score in rows
        ]


_PLAIN = re.compile(r"^[\w*()]+$")
_OPERATORS = frozenset(["AND", "OR", "NOT"])


def _quoted_terms(query: str) -> str:
    """The query with each term FTS5 would read as syntax put in quotes."""
    terms = []
    for term in query.split():
        if term in _OPERATORS or _PLAIN.match(term) or term.startswith(('"', "NEAR(")):
            terms.append(term)
        else:
            terms.append('"' + term.replace('"', "") + '"')
    return " ".join(terms)
