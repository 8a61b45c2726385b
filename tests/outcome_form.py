"""A form with one field of each outcome type: `d` dichotomous, `c` continuous, `e`
effect estimates."""

from __future__ import annotations

from extractor.core.forms import parse_form

OUTCOME_FORM = parse_form(
    {
        "key": "o",
        "name": "Outcomes",
        "sections": [
            {
                "title": "Outcomes",
                "fields": [
                    {"key": "d", "label": "Dichotomous", "type": "dichotomous"},
                    {"key": "c", "label": "Continuous", "type": "continuous"},
                    {"key": "e", "label": "Estimates", "type": "effect_estimate"},
                ],
            }
        ],
    },
    "o.json",
)
