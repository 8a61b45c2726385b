"""Whether outputs can be final: what they would still lack.

An output is correct and complete, or it says on its face what it lacks. Before
anything is exported, the gaps are gathered: disagreements no one has decided,
fields not extracted yet, and studies without a risk-of-bias assessment for a
tool the review uses. With any gap, every page says "Draft: …" and the export
lists them; a final export refuses to write.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from extractor.core.words import counted

CONFLICT = "unresolved conflict"
NOT_EXTRACTED = "not extracted"
NO_ROB = "no risk-of-bias assessment"
KINDS = (CONFLICT, NOT_EXTRACTED, NO_ROB)


@dataclass(frozen=True)
class Gap:
    kind: str  # one of KINDS
    study: str  # the study's label
    form: str  # the form's name, or the tool's
    field: str = ""  # in the form's words; "" for the whole extraction or assessment
    reviewer: str = ""  # whose answers lack it; both reviewers for a conflict
    study_id: str = ""
    path: str = ""  # the field's path, for the window to go to it
    form_key: str = ""

    def line(self) -> str:
        where = ", ".join(part for part in (self.study, self.form, self.field) if part)
        who = f" ({self.reviewer})" if self.reviewer else ""
        return f"{where}: {self.kind}{who}"

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if k not in ("study_id", "form_key")}


@dataclass(frozen=True)
class Readiness:
    gaps: tuple[Gap, ...] = ()

    @property
    def ready(self) -> bool:
        return not self.gaps

    def count(self, kind: str) -> int:
        return sum(1 for gap in self.gaps if gap.kind == kind)

    def summary(self) -> str:
        """ "Draft: 3 unresolved conflicts, 2 fields not extracted", or "" when ready."""
        parts = []
        if conflicts := self.count(CONFLICT):
            parts.append(counted(conflicts, CONFLICT))
        missing = [gap for gap in self.gaps if gap.kind == NOT_EXTRACTED]
        if fields := sum(1 for gap in missing if gap.field):
            parts.append(f"{counted(fields, 'field')} not extracted")
        if studies := sum(1 for gap in missing if not gap.field):
            parts.append(f"{counted(studies, 'study', 'studies')} not extracted at all")
        if unassessed := self.count(NO_ROB):
            without = counted(unassessed, "study", "studies")
            parts.append(f"{without} without a risk-of-bias assessment")
        return f"Draft: {', '.join(parts)}" if parts else ""

    @property
    def note(self) -> str | None:
        """The line each page of a draft carries; None when ready."""
        return self.summary() or None

    def lines(self) -> list[str]:
        """The summary, then each gap: what a command prints."""
        if self.ready:
            return []
        return [self.summary(), *(f"  {gap.line()}" for gap in self.gaps)]
