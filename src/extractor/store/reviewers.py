"""Reviewers of a project, the consensus among them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extractor.core.errors import ExtractorError
from extractor.core.model import ReviewerInfo, initials_of
from extractor.store.audit import Audit
from extractor.store.models import Reviewer, ReviewerKey

CONSENSUS_NAME = "Consensus"


def _info(row: Reviewer) -> ReviewerInfo:
    return ReviewerInfo(
        id=row.id, name=row.name, initials=row.initials, is_consensus=row.is_consensus
    )


class Reviewers:
    def __init__(self, session: Session, audit: Audit) -> None:
        self.session = session
        self.audit = audit

    def list(self, include_consensus: bool = False) -> list[ReviewerInfo]:
        query = select(Reviewer).order_by(Reviewer.position, Reviewer.added_at)
        if not include_consensus:
            query = query.where(Reviewer.is_consensus.is_(False))
        return [_info(row) for row in self.session.scalars(query)]

    def find(self, name: str) -> ReviewerInfo | None:
        wanted = name.strip().casefold()
        for row in self.session.scalars(select(Reviewer)):
            if row.name.casefold() == wanted:
                return _info(row)
        return None

    def get(self, reviewer_id: str) -> ReviewerInfo | None:
        row = self.session.get(Reviewer, reviewer_id)
        return None if row is None else _info(row)

    def add(self, name: str, initials: str = "", reviewer_id: str | None = None) -> ReviewerInfo:
        """Add a reviewer, or return the one already known by that name or id."""
        name = name.strip()
        if reviewer_id is not None and (known := self.get(reviewer_id)) is not None:
            return known
        if (known := self.find(name)) is not None:
            if reviewer_id is not None:
                raise ExtractorError(
                    f"the project already has another reviewer called '{known.name}'; "
                    "choose a different name for your reviewer profile"
                )
            return known
        self.check_new_name(name)
        position = self.session.execute(
            select(func.coalesce(func.max(Reviewer.position), 0))
        ).scalar_one()
        row = Reviewer(name=name, initials=initials or initials_of(name), position=position + 1)
        if reviewer_id is not None:
            row.id = reviewer_id
        self.session.add(row)
        self.session.flush()
        self.audit.record("reviewer.add", reviewer_id=row.id, detail=name)
        return _info(row)

    def key_of(self, reviewer_id: str) -> str | None:
        """The key this reviewer's packages are signed with, if the project has it."""
        row = self.session.get(ReviewerKey, reviewer_id)
        return None if row is None else row.key

    def keep_key(self, reviewer_id: str, key: str) -> None:
        if self.session.get(ReviewerKey, reviewer_id) is None:
            self.session.add(ReviewerKey(reviewer_id=reviewer_id, key=key))
            self.session.flush()

    @staticmethod
    def check_new_name(name: str) -> None:
        """Refuse a name no new reviewer may have."""
        if not name.strip():
            raise ExtractorError("a reviewer needs a name")
        if name.strip().casefold() == CONSENSUS_NAME.casefold():
            raise ExtractorError(f"'{CONSENSUS_NAME}' is the name of the agreed answers")

    def consensus(self) -> ReviewerInfo:
        row = self.session.scalars(select(Reviewer).where(Reviewer.is_consensus.is_(True))).first()
        if row is None:
            row = Reviewer(name=CONSENSUS_NAME, initials="C", is_consensus=True, position=0)
            self.session.add(row)
            self.session.flush()
        return _info(row)
