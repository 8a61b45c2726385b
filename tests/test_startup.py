from extractor.app.desktop import AppConfig, demo_project_path
from extractor.app.project import project_to_open
from extractor.store.project import ProjectFile


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
    from extractor.app.project import BACKUPS_KEPT, back_up
    from extractor.store import database

    path = tmp_path / "mine.extractor"
    with ProjectFile.create(path, "Mine") as project:
        made = []
        for _ in range(BACKUPS_KEPT + 2):
            made.append(back_up(project))
        kept = sorted(made[0].parent.glob("mine-*.extractor"))
    assert kept == made[-BACKUPS_KEPT:]
    assert database.probe(kept[-1]).revision == database.head_revision()
