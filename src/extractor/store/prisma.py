"""The PRISMA 2020 counts of a project: one row per count, a list's reasons as rows
of their own."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from extractor.core.prisma import LISTS, NUMBERS, PrismaCounts
from extractor.store.models import PrismaCount, PrismaReason


class Prisma:
    def __init__(self, session: Session) -> None:
        self.session = session

    def load(self) -> PrismaCounts:
        rows = self.session.scalars(select(PrismaCount).options(selectinload(PrismaCount.reasons)))
        counts = PrismaCounts()
        for row in rows:
            if row.key in LISTS:
                counts.lists[row.key] = [(reason.label, reason.count) for reason in row.reasons]
            elif row.key in NUMBERS:
                counts.numbers[row.key] = row.count
        return counts

    def save(self, counts: PrismaCounts) -> None:
        """Replace every count with these."""
        self.session.execute(delete(PrismaReason))
        self.session.execute(delete(PrismaCount))
        for key, number in counts.numbers.items():
            self.session.add(PrismaCount(key=key, count=number))
        for key, items in counts.lists.items():
            self.session.add(
                PrismaCount(
                    key=key,
                    reasons=[
                        PrismaReason(position=n, label=label, count=count)
                        for n, (label, count) in enumerate(items)
                    ],
                )
            )
        self.session.flush()
