"""The repository API: the operations on a project, bound to one session."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy.orm import Session

from extractor.store.answers import Answers
from extractor.store.audit import Audit
from extractor.store.conflicts import Conflicts
from extractor.store.documents import Documents
from extractor.store.form_versions import FormVersions
from extractor.store.forms import Forms
from extractor.store.overview import Overview
from extractor.store.prisma import Prisma
from extractor.store.reference_files import ReferenceFiles
from extractor.store.references import References
from extractor.store.reviewers import Reviewers
from extractor.store.screening import Screening
from extractor.store.search import SearchIndex
from extractor.store.settings import Settings
from extractor.store.studies import Studies


class Repository:
    """Everything one transaction can do; created by `ProjectFile.transaction`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @cached_property
    def audit(self) -> Audit:
        return Audit(self.session)

    @cached_property
    def reviewers(self) -> Reviewers:
        return Reviewers(self.session, self.audit)

    @cached_property
    def studies(self) -> Studies:
        return Studies(self.session, self.audit)

    @cached_property
    def forms(self) -> Forms:
        return Forms(self.session, self.audit)

    @cached_property
    def form_versions(self) -> FormVersions:
        return FormVersions(self.session, self.audit)

    @cached_property
    def references(self) -> References:
        return References(self.session, self.audit)

    @cached_property
    def reference_files(self) -> ReferenceFiles:
        return ReferenceFiles(self.session, self.audit)

    @cached_property
    def documents(self) -> Documents:
        return Documents(self.session, self.audit)

    @cached_property
    def answers(self) -> Answers:
        return Answers(self.session, self.audit)

    @cached_property
    def conflicts(self) -> Conflicts:
        return Conflicts(self.session, self.forms, self.studies, self.reviewers, self.answers)

    @cached_property
    def prisma(self) -> Prisma:
        return Prisma(self.session)

    @cached_property
    def screening(self) -> Screening:
        return Screening(self.session, self.audit)

    @cached_property
    def search(self) -> SearchIndex:
        return SearchIndex(self.session)

    @cached_property
    def settings(self) -> Settings:
        return Settings(self.session)

    @cached_property
    def overview(self) -> Overview:
        return Overview(self.session)
