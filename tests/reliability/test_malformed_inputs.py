"""Every importer given malformed input: no traceback, a message that names the
file, and the project byte-for-byte as it was; or, where the damage leaves a
valid file, an import that succeeds. Seeded; EXTRACTOR_MALFORMED sets how many
variants of each file (the normal run takes 12)."""

import json
import os
import random
from collections.abc import Callable, Iterator

import pytest

from extractor.core.model import Citation, ExtractionData

from helpers import dump, run_cli

VARIANTS = int(os.environ.get("EXTRACTOR_MALFORMED", "12"))

STUDIES = (
    "ref,label,authors,year,title,doi\r\n"
    '22,Kolev et al,"Kolev M, Sarbu AC",2023,"Belimumab in AIH",10.1/abc\r\n'
    "23,Arvaniti et al,Arvaniti P,2022,Belimumab,10.1/def\r\n"
)
EXTRACTIONS = (
    "study,country,design,arms.agent,arms.patients,arms.improved\r\n"
    "Kolev et al,Switzerland,Case series,Belimumab,6,3\r\n"
    "Kolev et al,Switzerland,Case series,Rituximab,2,1\r\n"
)
ROBVIS = (
    "Study,D1,D2,D3,D4,D5,Overall,Weight\r\nKolev et al,Low,Low,High,Some concerns,Low,High,1\r\n"
)
PRISMA = (
    "data,node,box,description,boxtext,tooltips,url,n\r\n"
    "database_results,node1,box1,Databases,Databases,,,352\r\n"
    "duplicates,node2,box2,Duplicates,Duplicates,,,2\r\n"
    'dbr_excluded,node3,box3,Excluded,Excluded,,,"Wrong population, 30; Review, 25"\r\n'
)
FORM = json.dumps(
    {
        "key": "extra",
        "name": "Extra",
        "kind": "extraction",
        "version": 1,
        "sections": [{"title": "S", "fields": [{"key": "n", "label": "N", "type": "integer"}]}],
    }
)


def variants(text: str, chance: random.Random) -> Iterator[tuple[str, bytes]]:
    raw = text.encode("utf-8")
    yield "empty", b""
    yield "binary", bytes(chance.randrange(256) for _ in range(300))
    yield "latin-1", text.replace("Kolev", "Kölev").encode("latin-1")
    yield "nul", raw.replace(b",", b"\x00", 1)
    yield "header only", raw.split(b"\r\n")[0] + b"\r\n"
    yield "ragged", raw + b"x,y,z,1,2,3,4,5,6,7,8,9\r\n"
    yield "quote", raw.replace(b",", b',"', 1)
    for number in range(max(VARIANTS - 7, 1)):
        if number % 2:
            cut = chance.randrange(1, len(raw))
            yield f"cut at {cut}", raw[:cut]
        else:
            changed = bytearray(raw)
            for _ in range(chance.randrange(1, 6)):
                changed[chance.randrange(len(changed))] = chance.choice(b',"\n\r;x9-\xff')
            yield f"flipped {number}", bytes(changed)


def prepared(project, small_form) -> None:
    with project.transaction() as repo:
        study, _ = repo.studies.upsert("Kolev et al", "22", Citation(year=2023))
        alice = repo.reviewers.add("Alice")
        repo.answers.write(study.id, small_form, alice.id, ExtractionData(values={"country": "CH"}))


IMPORTERS: dict[str, tuple[str, str, Callable[[str], list[str]]]] = {
    "studies": (STUDIES, "csv", lambda f: ["import", "studies", "{p}", f]),
    "extractions": (
        EXTRACTIONS,
        "csv",
        lambda f: ["import", "extractions", "{p}", f, "--reviewer", "Alice"],
    ),
    "robvis": (
        ROBVIS,
        "csv",
        lambda f: ["import", "rob", "{p}", f, "--tool", "ROB2", "--reviewer", "Alice"],
    ),
    "prisma": (PRISMA, "csv", lambda f: ["import", "prisma", "{p}", f]),
    "form": (FORM, "json", lambda f: ["form", "import", "{p}", f]),
}


@pytest.mark.parametrize("importer", sorted(IMPORTERS))
def test_malformed_input_gives_a_message_and_leaves_the_project_unchanged(
    importer, project, small_form, tmp_path, capsys
):
    text, suffix, command = IMPORTERS[importer]
    prepared(project, small_form)
    chance = random.Random(f"{importer}-2026")
    refused = accepted = 0
    for name, data in variants(text, chance):
        path = tmp_path / f"{importer} {name}.{suffix}"
        path.write_bytes(data)
        before = dump(project.path)
        arguments = [str(project.path) if a == "{p}" else a for a in command(str(path))]
        code, _, err = run_cli(capsys, *arguments)  # a traceback fails the test here
        if code == 0:
            accepted += 1
            continue
        refused += 1
        assert code == 1, (name, err)
        assert str(path) in err, (name, err)
        assert dump(project.path) == before, name
    print(f"{importer}: {refused + accepted} malformed inputs, {refused} refused, 0 changed")
    assert refused >= 4
