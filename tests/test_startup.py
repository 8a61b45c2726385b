from extractor.app.desktop import AppConfig, demo_project_path
from extractor.app.project import project_to_open
from extractor.store.project import ProjectFile

from helpers import run_cli


def test_the_first_start_writes_and_opens_the_demo_project_and_says_so_first():
    config = AppConfig.load()
    assert config == AppConfig()
    said = []
    path = project_to_open(None, config, lambda: said.append(demo_project_path().exists()))
    assert said == [False]  # told before the writing, which takes a second or two
    assert path == demo_project_path() and path.is_file()
    with ProjectFile.open(path) as project, project.transaction() as repo:
        assert len(repo.studies.list()) == 11
    project_to_open(None, config, lambda: said.append("again"))
    assert said == [False]  # written once: nothing to say the next time


def test_later_starts_open_the_last_project(tmp_path):
    mine = tmp_path / "mine.extractor"
    ProjectFile.create(mine, "Mine").close()
    config = AppConfig.load()
    config.opened(mine)
    config.save()
    again = AppConfig.load()
    assert project_to_open(None, again) == mine.resolve()
    assert again.recent == [str(mine.resolve())]


def test_a_vanished_last_project_falls_back_to_the_demo(tmp_path):
    config = AppConfig(last_project=str(tmp_path / "gone.extractor"))
    assert project_to_open(None, config) == demo_project_path()


def test_a_damaged_settings_file_is_ignored():
    from extractor.app.desktop import config_dir

    config_dir().mkdir(parents=True)
    (config_dir() / "settings.json").write_text("{not json")
    assert AppConfig.load() == AppConfig()


def test_backups_are_consistent_copies_and_only_the_latest_are_kept(tmp_path):
    from extractor.app.backups import BACKUPS_KEPT, back_up, backups
    from extractor.store import database

    path = tmp_path / "mine.extractor"
    with ProjectFile.create(path, "Mine") as project:
        made = [back_up(project) for _ in range(BACKUPS_KEPT + 2)]
    assert [b.path for b in backups(path)] == made[::-1][:BACKUPS_KEPT]
    assert database.probe(made[-1]).revision == database.head_revision()


def test_one_projects_backups_never_remove_anothers(tmp_path, capsys):
    from extractor.app.backups import BACKUPS_KEPT, back_up, backups

    (tmp_path / "b").mkdir()
    names = [tmp_path / "review.extractor", tmp_path / "review-2.extractor"]
    names.append(tmp_path / "b" / "review.extractor")  # same name, another folder
    for path in names:
        ProjectFile.create(path, path.stem).close()
    with ProjectFile.open(names[0]) as first:
        kept = back_up(first)
    for path in names[1:]:
        with ProjectFile.open(path) as other:
            for _ in range(BACKUPS_KEPT + 1):
                back_up(other)
    assert [b.path for b in backups(names[0])] == [kept]


def test_a_backup_is_listed_with_its_counts_and_restored_as_a_new_project(
    tmp_path, capsys, small_form
):
    from extractor.app.backups import back_up
    from extractor.core.model import Citation

    path = tmp_path / "mine.extractor"
    with ProjectFile.create(path, "Mine") as project:
        with project.transaction() as repo:
            repo.forms.save(small_form)
            study, _ = repo.studies.upsert("Kolev et al", "1", Citation())
            alice = repo.reviewers.add("Alice")
            repo.answers.set_value(study.id, small_form, alice.id, "country", "Switzerland")
        back_up(project)
        with project.transaction() as repo:
            repo.answers.set_value(study.id, small_form, alice.id, "country", "Lost by mistake")
    code, out, _ = run_cli(capsys, "backups", path)
    assert code == 0 and "1 study, 1 answer" in out.splitlines()[0]
    restored = tmp_path / "restored.extractor"
    assert run_cli(capsys, "backups", path, "--restore", "1", "-o", restored)[0] == 0
    with ProjectFile.open(restored) as project, project.reading() as repo:
        study = repo.studies.find("Kolev et al")
        data = repo.answers.load(study.id, small_form, repo.reviewers.find("Alice").id)
    assert data.values["country"] == "Switzerland"
    code, _, err = run_cli(capsys, "backups", path, "--restore", "1", "-o", restored)
    assert code == 1 and "already exists" in err
