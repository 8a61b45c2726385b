"""What the desktop app does to a project, as plain functions.

The GUI runs these on its database thread; they hold no Qt and no state, so
the command line and the tests can use them as they are.
"""

from extractor.workspace.editing import (
    Overview,
    StudyBundle,
    StudyStatus,
    attach_pdf,
    document_bytes,
    edit_rows,
    load_study,
    my_id,
    overview,
    save_quote,
    save_value,
    set_status,
)
from extractor.workspace.outputs import (
    OutputState,
    output_state,
    save_glossary,
    save_prisma,
    save_synthesis,
    save_tables,
    synthesis_rows,
    table_preview,
)
from extractor.workspace.projects import BACKUPS_KEPT, add_rob_tool, back_up, create_project
from extractor.workspace.review import (
    ConflictRow,
    agreement,
    conflict_rows,
    fill_consensus,
    import_packages,
    resolve_conflict,
    save_agreement,
    share_copy,
    side_evidence,
    write_package,
)

__all__ = [
    "BACKUPS_KEPT", "ConflictRow", "OutputState", "Overview", "StudyBundle", "StudyStatus",
    "add_rob_tool", "agreement", "attach_pdf", "back_up", "conflict_rows", "create_project",
    "document_bytes", "edit_rows", "fill_consensus", "import_packages", "load_study", "my_id", "output_state", "overview",
    "resolve_conflict", "save_agreement", "save_glossary", "save_prisma", "save_quote",
    "save_synthesis", "save_tables", "save_value", "set_status", "share_copy", "side_evidence",
    "synthesis_rows", "table_preview", "write_package",
]  # fmt: skip
