"""metafor's dat.bcg, the BCG vaccine trials: the fixture its own examples use, and
so ours (the reference values in the tests were computed once with metafor 3.8)."""

from __future__ import annotations

# label, BCG events, BCG total, control events, control total, allocation
BCG = [
    ("Aronson 1948", 4, 123, 11, 139, "random"),
    ("Ferguson & Simes 1949", 6, 306, 29, 303, "random"),
    ("Rosenthal et al 1960", 3, 231, 11, 220, "random"),
    ("Hart & Sutherland 1977", 62, 13598, 248, 12867, "random"),
    ("Frimodt-Moller et al 1973", 33, 5069, 47, 5808, "alternate"),
    ("Stein & Aronson 1953", 180, 1541, 372, 1451, "alternate"),
    ("Vandiviere et al 1973", 8, 2545, 10, 629, "random"),
    ("TPT Madras 1980", 505, 88391, 499, 88391, "random"),
    ("Coetzee & Berjak 1968", 29, 7499, 45, 7277, "random"),
    ("Rosenthal et al 1961", 17, 1716, 65, 1665, "systematic"),
    ("Comstock et al 1974", 186, 50634, 141, 27338, "systematic"),
    ("Comstock & Webster 1969", 5, 2498, 3, 2341, "systematic"),
    ("Comstock et al 1976", 27, 16913, 29, 17854, "systematic"),
]
LONG_HEADER = ["study", "outcome", "timepoint", "arm", "n", "events"]


def long_rows(reverse: bool = False, timepoint: str = "End of trial") -> list[list[object]]:
    """The trials in the long outcome layout: a BCG and a Control row each (Control
    first with `reverse`)."""
    rows: list[list[object]] = []
    for label, a, n1, c, n2, _ in BCG:
        pair: list[list[object]] = [
            [label, "Tuberculosis", timepoint, "BCG", n1, a],
            [label, "Tuberculosis", timepoint, "Control", n2, c],
        ]
        rows += pair[::-1] if reverse else pair
    return rows
