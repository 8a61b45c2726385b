"""Reference files shaped like real exports: each reader's references, and the
record each bad one is named by."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.core.errors import InputError
from extractor.io.references import read_references

RIS = """\ufeffTY  - JOUR
AU  - Kolev, Martin
AU  - Diem, Stefan
AU  - Semmo, Nasser
TI  - Belimumab treatment in autoimmune hepatitis: a case series
PY  - 2023/03/01
JO  - Journal of Hepatology
VL  - 78
IS  - 3
SP  - 671
EP  - 674
DO  - 10.1016/J.JHEP.2022.11.012
AB  - Autoimmune hepatitis that does not respond to standard
      treatment needs other options. We describe six patients.
KW  - autoimmune hepatitis
KW  - belimumab
DB  - Embase
ER  -

TY  - JOUR
AU  - Nobody, N
PY  - 2020
ER  -

TY  - JOUR
AU  - Burak, Kelly W.
AU  - Swain, Mark G.
TI  - Rituximab for refractory autoimmune hepatitis
PY  - 2013
JO  - Canadian Journal of Gastroenterology
""".replace("ER  -\n", "ER  - \n")  # as exported: a space after the dash

BIBTEX = r"""@article{arvaniti2020,
  author = {Arvaniti, Pinelopi and Giannoulis, George and M{\"u}ller, Hans},
  title = {{Belimumab} is a promising third-line treatment option for refractory {AIH}},
  journal = {JHEP Reports},
  year = {2020},
  volume = {2},
  number = {4},
  pages = {100123--100126},
  doi = {https://doi.org/10.1016/j.jhepr.2020.100123},
  keywords = {belimumab; autoimmune hepatitis}
}

@article{broken, title = {An entry that never closes, year = 2019

@article{santos2019,
  author = {dos Santos, Ana and Lee, Bo},
  title = {Infliximab-induced autoimmune hepatitis},
  year = {2019}
}
"""

MEDLINE = """PMID- 31234567
OWN - NLM
DP  - 2019 Jun
TI  - Rituximab in autoimmune hepatitis: a systematic
      review of case reports.
LID - 10.1097/MCG.0000000000001234 [doi]
AB  - Background: rituximab has been used in refractory AIH.
FAU - Carey, Elizabeth J
AU  - Carey EJ
FAU - Somaratne, Kanchana
AU  - Somaratne K
JT  - Journal of clinical gastroenterology
TA  - J Clin Gastroenterol
VI  - 53
IP  - 6
PG  - 400-405
OT  - rituximab

PMID- 29876543
DP  - 2018
TI  - Second record without a DOI.
FAU - Zarrabi, Kevin
"""

ENDNOTE = """<?xml version="1.0" encoding="UTF-8"?>
<xml><records>
<record><database name="aih.enl">aih.enl</database><rec-number>1</rec-number>
<contributors><authors>
<author><style face="normal" font="default" size="100%">Barth, E.</style></author>
<author><style face="normal" font="default" size="100%">Clawson, J.</style></author>
</authors></contributors>
<titles><title><style face="normal" font="default" size="100%">Rituximab therapy for AIH</style></title>
<secondary-title><style face="normal">Case Reports in Hepatology</style></secondary-title></titles>
<dates><year><style face="normal">2010</style></year></dates>
<electronic-resource-num><style face="normal">10.1155/2010/123456</style></electronic-resource-num>
<accession-num>20123456</accession-num>
<remote-database-name>MEDLINE</remote-database-name>
<keywords><keyword>rituximab</keyword><keyword>AIH</keyword></keywords>
</record>
<record><rec-number>2</rec-number><titles><title></title></titles></record>
</records></xml>
"""

RAYYAN = (
    "key,title,authors,journal,issn,volume,issue,pages,year,publisher,url,abstract,notes,doi,keywords\n"
    'rayyan-1,"Anti-TNF induced autoimmune hepatitis","Wong, F and Lee, M",Hepatology,,12,1,1-5,'
    '2017,,,"An abstract, with a comma.",,10.1002/hep.12345,"anti-TNF; AIH"\n'
    'rayyan-2,,"Nobody, N",Hepatology,,,,,2016,,,,,,\n'
)


def written(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_ris_with_a_bom_multi_line_abstracts_and_no_final_er(tmp_path):
    found = read_references(written(tmp_path, "embase.ris", RIS))
    assert [r.record for r in found.references] == [1, 3]  # the last one has no ER
    kolev, burak = found.references
    assert kolev.authors == ("Kolev, Martin", "Diem, Stefan", "Semmo, Nasser")
    assert kolev.title == "Belimumab treatment in autoimmune hepatitis: a case series"
    assert (kolev.year, kolev.volume, kolev.issue, kolev.pages) == (2023, "78", "3", "671-674")
    assert kolev.doi == "10.1016/j.jhep.2022.11.012"
    assert kolev.abstract.startswith(
        "Autoimmune hepatitis that does not respond to standard treatment"
    )
    assert kolev.keywords == ("autoimmune hepatitis", "belimumab")
    assert (kolev.database, kolev.file) == ("Embase", "embase.ris")
    assert burak.authors == ("Burak, Kelly W.", "Swain, Mark G.")
    assert found.problems == ["embase.ris, record 2: no title (TI, T1 or ST)"]


def test_bibtex_with_braces_accents_and_and(tmp_path):
    found = read_references(written(tmp_path, "zotero.bib", BIBTEX))
    arvaniti, santos = found.references
    assert arvaniti.authors == ("Arvaniti, Pinelopi", "Giannoulis, George", "Müller, Hans")
    assert (
        arvaniti.title == "Belimumab is a promising third-line treatment option for refractory AIH"
    )
    assert arvaniti.doi == "10.1016/j.jhepr.2020.100123"
    assert (arvaniti.pages, arvaniti.keywords) == (
        "100123-100126",
        ("belimumab", "autoimmune hepatitis"),
    )
    assert santos.authors == ("dos Santos, Ana", "Lee, Bo")
    assert found.problems == ["zotero.bib, record 2: not a BibTeX entry (line 13)"]


def test_medline_reads_the_doi_in_lid_lines(tmp_path):
    found = read_references(written(tmp_path, "pubmed-aih.nbib", MEDLINE))
    carey, zarrabi = found.references
    assert carey.title == "Rituximab in autoimmune hepatitis: a systematic review of case reports."
    assert carey.doi == "10.1097/mcg.0000000000001234"
    assert (carey.pmid, carey.year, carey.pages) == ("31234567", 2019, "400-405")
    assert carey.authors == ("Carey, Elizabeth J", "Somaratne, Kanchana")
    assert (carey.journal, carey.database) == ("Journal of clinical gastroenterology", "PubMed")
    assert zarrabi.doi is None and zarrabi.pmid == "29876543"
    assert found.problems == []


def test_endnote_xml(tmp_path):
    found = read_references(written(tmp_path, "library.xml", ENDNOTE))
    [barth] = found.references
    assert barth.authors == ("Barth, E.", "Clawson, J.")
    assert (barth.title, barth.journal, barth.year) == (
        "Rituximab therapy for AIH",
        "Case Reports in Hepatology",
        2010,
    )
    assert (barth.doi, barth.pmid, barth.database) == ("10.1155/2010/123456", "20123456", "MEDLINE")
    assert found.problems == ["library.xml, record 2: no title (<titles><title>)"]


def test_endnote_xml_with_an_entity_bomb_is_refused(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><xml>&b;</xml>'
    )
    with pytest.raises(InputError, match="holds XML we do not read"):
        read_references(written(tmp_path, "bomb.xml", bomb))


def test_a_rayyan_csv(tmp_path):
    found = read_references(written(tmp_path, "rayyan.csv", RAYYAN))
    [wong] = found.references
    assert wong.authors == ("Wong, F", "Lee, M")
    assert (wong.year, wong.doi, wong.keywords) == (2017, "10.1002/hep.12345", ("anti-TNF", "AIH"))
    assert wong.abstract == "An abstract, with a comma."
    assert found.problems == ["rayyan.csv, record 2: no title (line 3)"]


def test_an_old_export_in_windows_1252(tmp_path):
    text = RIS.replace("Kolev, Martin", "Kolév, Martin").lstrip("\ufeff")
    found = read_references(written(tmp_path, "ovid.ris", text, encoding="cp1252"))
    assert found.references[0].authors[0] == "Kolév, Martin"


def test_a_file_that_is_no_reference_file_is_named(tmp_path):
    with pytest.raises(InputError, match=r"notes\.md: is not a reference file we read"):
        read_references(written(tmp_path, "notes.md", "# Just notes\n"))


def test_a_csv_with_a_broken_quote_is_refused_with_its_line(tmp_path):
    broken = 'title,authors,year\n"Fine",Smith,2019\n"Never closed,Jones,2020\n'
    with pytest.raises(InputError, match=r"broken\.csv, line 3: broken CSV"):
        read_references(written(tmp_path, "broken.csv", broken))
