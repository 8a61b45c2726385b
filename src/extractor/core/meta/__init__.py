"""Meta-analysis: effect sizes per study and their pooling, as metafor computes them.

`effect_sizes` is metafor's `escalc` for the measures a review of trials pools;
`pooling` its `rma` (FE, DL, REML, PM, with or without the Hartung-Knapp
adjustment) and `rma.mh`; `subgroups` the test for subgroup differences.
"""
