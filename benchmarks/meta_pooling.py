"""Pooling 1,000 studies by REML, against numpy's own weighted mean of them.

The baseline is the fixed-effect estimate in one numpy call (`numpy.average`
with weights 1/v). Measured: `pool(..., Method.REML)`: τ² by Fisher scoring from
the DerSimonian-Laird start, the estimate, its CI, Q, I² and the prediction
interval. Budget: at most 400 times the baseline, that is a few milliseconds for
1,000 studies: every iteration is a handful of numpy sums over the studies, and
REML takes a few dozen of them.
"""

from __future__ import annotations

import random
import sys

import numpy as np
from support import median_seconds, result

from extractor.core.meta.pooling import Method, pool

STUDIES = 1000
BUDGET = 400.0


def main() -> int:
    rng = random.Random(16)
    v = [rng.uniform(0.01, 0.5) for _ in range(STUDIES)]
    y = [rng.gauss(-0.5, 0.4) + rng.gauss(0, vi**0.5) for vi in v]
    weights = 1 / np.asarray(v)
    values = np.asarray(y)
    baseline = median_seconds(lambda: np.average(values, weights=weights), 200)
    ours = median_seconds(lambda: pool(y, v, Method.REML), 20)
    found = pool(y, v, Method.REML)
    ratio = ours / baseline
    print(f"{STUDIES} studies: tau2 {found.tau2:.4f}, I2 {found.i2:.1f}%")
    print(f"numpy's weighted mean: {baseline * 1e6:.1f} µs; REML pooling: {ours * 1e3:.2f} ms")
    result("meta_reml_ratio", ratio, BUDGET, ratio <= BUDGET)
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
