import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from extractor.core.errors import ProjectFileError
from extractor.core.model import Citation, ExtractionData, ScreeningInfo
from extractor.store import database
from extractor.store.models import Base
from extractor.store.project import ProjectFile
from extractor.store.search import TABLES as SEARCH_TABLES

from helpers import dump

FIXTURES = Path(__file__).parents[1] / "fixtures"


def pragma(path: Path, name: str):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        connection.close()


def test_a_new_file_is_marked_as_ours_and_stamped(tmp_path):
    path = tmp_path / "new.extractor"
    ProjectFile.create(path, "Review").close()
    assert pragma(path, "application_id") == database.APPLICATION_ID
    assert database.probe(path).revision == database.head_revision()


def test_the_models_and_the_migrations_describe_the_same_schema(tmp_path):
    engine = database.make_engine(tmp_path / "migrated.db")
    with engine.begin() as connection:
        config = database.alembic_config()
        config.attributes["connection"] = connection
        from alembic import command

        command.upgrade(config, "head")
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, kind, _: kind != "table" or name not in SEARCH_TABLES
            },
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_connections_use_wal_and_foreign_keys(project):
    with project.transaction() as repo:
        session = repo.session
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_closing_folds_the_wal_into_the_file(tmp_path, small_form):
    path = tmp_path / "p.extractor"
    project = ProjectFile.create(path, "Review")
    with project.transaction() as repo:
        repo.forms.save(small_form)
    project.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    # The file alone, copied without its WAL, holds everything.
    alone = tmp_path / "copy.extractor"
    shutil.copyfile(path, alone)
    with ProjectFile.open(alone) as copy, copy.transaction() as repo:
        assert repo.forms.get("aih") is not None


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.extractor"
    path.write_bytes(b"Dear reviewer,\n" * 100)
    with pytest.raises(ProjectFileError, match="not an Extractor project"):
        ProjectFile.open(path)
    assert path.read_bytes() == b"Dear reviewer,\n" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.extractor"]


def test_another_applications_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE bookmarks (url TEXT)")
    connection.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(ProjectFileError, match="another application"):
        ProjectFile.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def test_a_file_from_a_newer_version_is_refused_and_untouched(tmp_path):
    path = tmp_path / "future.extractor"
    ProjectFile.create(path, "Review").close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(ProjectFileError, match="newer version of Extractor"):
        ProjectFile.open(path)
    assert path.read_bytes() == before


def test_empty_and_missing_files_are_refused(tmp_path):
    empty = tmp_path / "empty.extractor"
    empty.write_bytes(b"")
    with pytest.raises(ProjectFileError, match="not an Extractor project"):
        ProjectFile.open(empty)
    assert empty.read_bytes() == b""
    with pytest.raises(ProjectFileError, match="no such project file"):
        ProjectFile.open(tmp_path / "missing.extractor")


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "p.extractor"
    path.write_text("precious")
    with pytest.raises(ProjectFileError, match="already exists"):
        ProjectFile.create(path, "Review")
    assert path.read_text() == "precious"


def test_the_schema_0001_fixture_opens_with_its_data(tmp_path):
    path = tmp_path / "old.extractor"
    shutil.copyfile(FIXTURES / "schema-0001.extractor", path)
    with ProjectFile.open(path) as project, project.transaction() as repo:
        assert repo.overview.project().title == "Fixture review"
        form = repo.forms.get("aih")
        study = repo.studies.find("Kolev et al")
        alice = repo.reviewers.find("Alice")
        data = repo.answers.load(study.id, form, alice.id)
        assert data.values == {"country": "Switzerland"}
        assert data.groups == {"arms": [{"agent": "Belimumab", "patients": 6}]}
        assert data.evidence["country"][0].quote == "Switzerland"
        [document] = repo.documents.list(study.id)
        assert repo.documents.data(document.id).startswith(b"%PDF")
    assert database.probe(path).revision == database.head_revision()


def test_schema_0002_moves_assignments_prisma_and_screening_into_their_tables(tmp_path):
    path = tmp_path / "old.extractor"
    shutil.copyfile(FIXTURES / "schema-0001.extractor", path)
    with ProjectFile.open(path) as project, project.transaction() as repo:
        study = repo.studies.find("Kolev et al")
        alice, bob = repo.reviewers.find("Alice"), repo.reviewers.find("Bob")
        [pair] = repo.conflicts.pairs(study_id=study.id) or [None]
        assert pair is None  # Bob has not answered: the assigned pair is not complete yet
        repo.answers.write(study.id, repo.forms.get("aih"), bob.id, ExtractionData())
        [pair] = repo.conflicts.pairs()
        assert (pair.a.name, pair.b.name) == ("Alice", "Bob")

        counts = repo.prisma.load()
        assert counts.numbers == {"database_results": 352, "duplicates": 2, "records_screened": 350}
        assert counts.lists == {"dbr_excluded": [("Wrong population", 30), ("Review article", 25)]}

        # 0008 moves the decision onto a reference made from the study
        [reference] = [r for r in repo.references.list() if r.study_id == study.id]
        assert (reference.label, reference.reference.year) == (study.label, study.citation.year)
        [decision] = repo.screening.decisions(reference.id)
        consensus = repo.reviewers.consensus()
        assert decision == ScreeningInfo(
            reference.id, consensus.id, "full-text", "include", "Case series"
        )
        assert alice.id != consensus.id

        assert repo.settings.get("assignments") is None and repo.settings.get("prisma") is None
        events, broken = repo.audit.verify()  # 0001's events, sealed by the upgrade
        assert events > 5 and broken is None
        columns = [row[1] for row in repo.session.execute(text("PRAGMA table_info(study)"))]
        assert "screening_decision" not in columns


def test_a_second_connection_sees_committed_work_and_nothing_breaks(project, tmp_path):
    other = ProjectFile.open(project.path)
    try:
        with project.transaction() as repo:
            repo.reviewers.add("Alice")
        with other.transaction() as repo:
            assert repo.reviewers.find("Alice") is not None
    finally:
        other.close()
    assert any("Alice" in line for line in dump(project.path))


NEXT_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("study") as batch_op:
        batch_op.add_column(sa.Column("extra_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("study") as batch_op:
        batch_op.drop_column("extra_note")
"""


def test_an_older_file_is_backed_up_then_upgraded(tmp_path, monkeypatch):
    migrations = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS, migrations)
    head = database.head_revision()
    (migrations / "versions" / "0099_next.py").write_text(NEXT_REVISION.replace("{head}", head))
    monkeypatch.setattr(database, "MIGRATIONS", migrations)
    path = tmp_path / "old.extractor"
    shutil.copyfile(FIXTURES / "schema-0001.extractor", path)
    before = dump(path)

    with ProjectFile.open(path) as project, project.transaction() as repo:
        columns = [row[1] for row in repo.session.execute(text("PRAGMA table_info(study)"))]
        assert "extra_note" in columns
        assert repo.studies.find("Kolev et al") is not None

    assert database.probe(path).revision == "0099"
    backup = tmp_path / "old.before-upgrade-0001.extractor"
    assert database.probe(backup).revision == "0001"
    assert dump(backup) == before


def test_reading_sees_one_state_of_the_project_whatever_commits_meanwhile(project):
    """Reads off the window's thread run beside writes; a view built from several
    queries must not mix two states of the project."""
    from extractor.core.model import Citation

    other = ProjectFile.open(project.path)
    try:
        with project.reading() as repo:
            before = [s.label for s in repo.studies.list()]
            with other.transaction() as writer:
                writer.studies.upsert("Added meanwhile", None, Citation())
            assert [s.label for s in repo.studies.list()] == before
        with project.reading() as repo:
            assert "Added meanwhile" in [s.label for s in repo.studies.list()]
    finally:
        other.close()


def test_a_project_path_is_a_path_never_a_url(tmp_path):
    odd = tmp_path / "a?mode=ro#x%41.extractor"
    with ProjectFile.create(odd, "Odd name") as project, project.transaction() as repo:
        repo.reviewers.add("Alice")
    assert sorted(p.name for p in tmp_path.iterdir()) == [odd.name]
    with ProjectFile.open(odd) as project, project.reading() as repo:
        assert repo.reviewers.find("Alice") is not None


FAILING_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{head}"


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("answer") as batch_op:
        batch_op.add_column(sa.Column("extra", sa.Text(), nullable=True))
    raise RuntimeError("killed here")
"""


def test_a_migration_that_stops_half_way_leaves_the_project_as_it_was(tmp_path, monkeypatch):
    migrations = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS, migrations)
    failing = FAILING_REVISION.replace("{head}", database.head_revision())
    (migrations / "versions" / "0099_failing.py").write_text(failing)
    path = tmp_path / "old.extractor"
    shutil.copyfile(FIXTURES / "schema-0001.extractor", path)
    real_head = database.head_revision()
    with ProjectFile.open(path):  # brought to today's schema first
        pass
    before = dump(path)
    monkeypatch.setattr(database, "MIGRATIONS", migrations)
    with pytest.raises(RuntimeError, match="killed here"):
        ProjectFile.open(path)
    assert dump(path) == before  # no half_done, no _alembic_tmp_answer
    monkeypatch.undo()
    assert database.probe(path).revision == real_head
    with ProjectFile.open(path) as project, project.reading() as repo:
        assert repo.studies.find("Kolev et al") is not None


def _migrate(path: Path, revision: str) -> None:
    from alembic import command

    engine = database.make_engine(path)
    with engine.begin() as connection:
        config = database.alembic_config()
        config.attributes["connection"] = connection
        if revision < (database.probe(path).revision or ""):
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)
    engine.dispose()


def test_robins_e_assessments_move_to_the_2023_tools_levels_and_say_so(tmp_path):
    from extractor.app.rob import builtin_instrument

    path = tmp_path / "exposures.extractor"
    with ProjectFile.create(path, "Exposures") as project, project.transaction() as repo:
        form = builtin_instrument("ROBINS-E").form
        repo.forms.save(form)
        study, _ = repo.studies.upsert("Ng et al", "1", Citation())
        alice = repo.reviewers.add("Alice")
        judged = {"d1_judgement": "Some concerns", "d2_judgement": "High"}
        judged |= {"d3_judgement": "Low", "overall_judgement": "Very high"}
        repo.answers.write(study.id, form, alice.id, ExtractionData(values=judged))
    _migrate(path, "0005")  # as a project judged before the 2023 levels holds it
    connection = sqlite3.connect(path)
    stored = dict(connection.execute("SELECT field_key, value FROM answer").fetchall())
    [definition] = connection.execute("SELECT definition FROM form").fetchone()
    connection.close()
    assert stored["d1_judgement"] == '"Moderate"' and stored["overall_judgement"] == '"Critical"'
    assert "Very high" not in definition and '"Serious"' in definition

    with ProjectFile.open(path) as project, project.reading() as repo:
        form = repo.forms.get("robins_e")
        assert form.extra["judgements"] == [
            "Low",
            "Some concerns",
            "High",
            "Very high",
            "No information",
        ]
        assert form.field("d2_judgement").options[:4] == (
            "Low",
            "Some concerns",
            "High",
            "Very high",
        )
        study, alice = repo.studies.find("Ng et al"), repo.reviewers.find("Alice")
        assert repo.answers.load(study.id, form, alice.id).values == judged
        moved = repo.audit.entries(study_id=study.id, actions=("answer.set",))[-3:]
        assert {(e.field, e.old, e.new) for e in moved} == {
            ("d1_judgement", "Moderate", "Some concerns"),
            ("d2_judgement", "Serious", "High"),
            ("overall_judgement", "Critical", "Very high"),
        }
        assert all(e.reviewer == "Alice" and "2023" in e.detail for e in moved)
        events, broken = repo.audit.verify()
        assert broken is None and events >= 8


def test_the_revisions_read_without_alembic_are_alembics_own():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(database.alembic_config())
    assert database.head_revision() == scripts.get_current_head()
    assert database.known_revisions() == {s.revision for s in scripts.walk_revisions()}
