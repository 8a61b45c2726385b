import pytest

from extractor.core.matching import study_for_file
from extractor.core.model import Citation, StudyInfo

from helpers import dump, run_cli
from pdfs import encrypted_pdf, text_pdf


@pytest.fixture
def project_path(tmp_path, capsys):
    path = tmp_path / "r.extractor"
    run_cli(capsys, "new", path, "--title", "R")
    studies = tmp_path / "studies.csv"
    studies.write_text(
        "label,ref,pmid\nKolev et al,22,36100001\nBurak et al,24,\nBurak-Smith et al,40,\n"
    )
    run_cli(capsys, "import", "studies", path, studies)
    return path


def test_file_names_point_to_studies():
    studies = [
        StudyInfo("1", "Kolev et al", "22", Citation(pmid="36100001")),
        StudyInfo("2", "Carey et al", "25", Citation(doi="10.1002/hep.123")),
    ]
    assert [s.id for s in study_for_file("kolev_2023_belimumab.pdf", studies)] == ["1"]
    assert [s.id for s in study_for_file("36100001.pdf", studies)] == ["1"]
    assert [s.id for s in study_for_file("10.1002_hep.123.pdf", studies)] == ["2"]
    assert study_for_file("unrelated.pdf", studies) == []


@pytest.mark.parametrize(
    "name", ["Dutot2003.pdf", "Dutot_2003_AIH.pdf", "dutot-et-al-2003.pdf", "DUTOT 2003.pdf"]
)
def test_the_ways_people_name_a_full_text_find_its_study(name):
    studies = [
        StudyInfo("1", "Dutot et al 2003", "7", Citation()),
        StudyInfo("2", "Dutot et al 2010", "8", Citation()),
        StudyInfo("3", "Al-Busafi et al", "9", Citation(year=2012)),
    ]
    assert [s.id for s in study_for_file(name, studies)] == ["1"]
    assert [s.id for s in study_for_file("al_busafi_2012.pdf", studies)] == ["3"]
    assert [s.id for s in study_for_file("dutot.pdf", studies)] == ["1", "2"]  # asks


def test_a_common_word_never_matches_a_study():
    studies = [
        StudyInfo("1", "Scan et al", "1", Citation()),
        StudyInfo("2", "Case series of AIH", "2", Citation()),
    ]
    for name in ("scan.pdf", "scan_0001.pdf", "case_report.pdf", "full text.pdf"):
        assert study_for_file(name, studies) == [], name


def test_a_folder_of_pdfs_is_attached_by_name(project_path, tmp_path, capsys):
    folder = tmp_path / "fulltexts"
    folder.mkdir()
    (folder / "Kolev 2023.pdf").write_bytes(text_pdf(3))
    (folder / "notes.txt").write_text("not a PDF, and not looked at")
    code, out, err = run_cli(capsys, "import", "pdfs", project_path, folder)
    assert code == 0, err
    assert "Kolev et al: Kolev 2023.pdf (3 pages)" in out


def test_a_folder_with_bad_files_imports_the_rest_and_lists_what_it_left_out(
    project_path, tmp_path, capsys
):
    folder = tmp_path / "fulltexts"
    folder.mkdir()
    good, vague, broken = (folder / n for n in ("kolev.pdf", "burak.pdf", "x.pdf"))
    good.write_bytes(text_pdf(1))
    vague.write_bytes(text_pdf(1))
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(200)) * 20)
    code, out, err = run_cli(capsys, "import", "pdfs", project_path, folder)
    assert code == 1  # not everything was attached
    assert "Kolev et al: kolev.pdf (1 page)" in out
    assert "2 files not attached" in err
    assert f"{vague}: could be Burak et al, Burak-Smith et al; name the study with --study" in err
    assert f"{broken}: the PDF is damaged" in err
    code, out, _ = run_cli(capsys, "import", "pdfs", project_path, vague, "--study", "24")
    assert code == 0 and "Burak et al: burak.pdf" in out


def test_a_protected_pdf_needs_its_password_and_is_kept_without_it(
    project_path, tmp_path, capsys, monkeypatch
):
    import io

    import pymupdf

    from extractor.store.project import ProjectFile

    locked = tmp_path / "kolev.pdf"
    locked.write_bytes(encrypted_pdf())
    before = dump(project_path)
    code, _, err = run_cli(capsys, "import", "pdfs", project_path, locked)
    assert code == 1 and f"{locked}: the PDF is protected by a password" in err
    code, _, err = run_cli(capsys, "import", "pdfs", project_path, locked, "--password", "guess")
    assert code == 1 and "the password given is not right" in err
    assert dump(project_path) == before
    monkeypatch.setattr("sys.stdin", io.StringIO("secret\n"))  # kept out of the process list
    code, out, err = run_cli(capsys, "import", "pdfs", project_path, locked, "--password", "-")
    assert code == 0, err
    assert "Kolev et al: kolev.pdf (1 page)" in out
    with ProjectFile.open(project_path) as project, project.reading() as repo:
        study = repo.studies.find("Kolev et al")
        stored = repo.documents.data(repo.documents.list(study.id)[0].id)
    assert not pymupdf.open(stream=stored, filetype="pdf").needs_pass
