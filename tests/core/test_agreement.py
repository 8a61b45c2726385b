import pytest

from extractor.core.agreement import agreement, cohen_kappa, gwet_ac1
from extractor.core.forms import parse_form
from extractor.core.model import ExtractionData


def table(yes_yes: int, yes_no: int, no_yes: int, no_no: int) -> list[tuple[str, str]]:
    return (
        [("yes", "yes")] * yes_yes
        + [("yes", "no")] * yes_no
        + [("no", "yes")] * no_yes
        + [("no", "no")] * no_no
    )


def test_cohen_kappa_of_the_textbook_example():
    # 50 proposals, two readers: 20 both yes, 5 A yes B no, 10 A no B yes, 15 both no.
    # Observed agreement 0.70, chance agreement 0.5*0.6 + 0.5*0.4 = 0.50, kappa 0.40.
    assert cohen_kappa(table(20, 5, 10, 15)) == pytest.approx(0.40)


def test_gwet_ac1_of_the_same_table_by_hand():
    # pi_yes = (25/50 + 30/50) / 2 = 0.55; chance = 2 * 0.55 * 0.45 / (2 - 1) = 0.495
    # AC1 = (0.70 - 0.495) / (1 - 0.495) = 0.40594...
    assert gwet_ac1(table(20, 5, 10, 15), categories=2) == pytest.approx(0.205 / 0.505)


def test_kappa_is_undefined_when_everyone_always_says_the_same():
    assert cohen_kappa(table(10, 0, 0, 0)) is None
    assert gwet_ac1(table(10, 0, 0, 0), categories=2) == pytest.approx(1.0)
    assert cohen_kappa([]) is None and gwet_ac1([], 2) is None


FORM = parse_form(
    {
        "key": "f",
        "name": "F",
        "sections": [
            {
                "title": "S",
                "fields": [
                    {
                        "key": "design",
                        "type": "choice",
                        "options": ["RCT", "Cohort", "Case report"],
                    },
                    {"key": "country", "type": "text"},
                    {
                        "key": "arms",
                        "type": "group",
                        "key_field": "agent",
                        "fields": [
                            {"key": "agent", "type": "text"},
                            {"key": "patients", "type": "integer"},
                        ],
                    },
                ],
            }
        ],
    },
    "f.json",
)


def test_per_field_counts_skip_items_nobody_answered():
    pairs = [
        (
            ExtractionData({"design": "RCT", "country": "Spain"}),
            ExtractionData({"design": "RCT", "country": "spain"}),
        ),
        (ExtractionData({"design": "Cohort"}), ExtractionData({"design": "RCT"})),
        (ExtractionData({}), ExtractionData({})),
        (ExtractionData({"country": "Peru"}), ExtractionData({})),
    ]
    found = {f.field: f for f in agreement(FORM, pairs)}
    design, country = found["design"], found["country"]
    assert (design.compared, design.agreed, design.percent) == (2, 1, 50.0)
    assert design.kappa is not None and design.ac1 is not None
    assert (country.compared, country.agreed, country.kappa) == (2, 1, None)
    assert found["arms.agent"].compared == 0 and found["arms.agent"].percent is None
