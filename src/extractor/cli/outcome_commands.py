"""Outcome data and meta-analysis: `import outcomes`, `export outcomes`, `meta` and
the `calc` calculators."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

from extractor.cli.common import open_project, warn
from extractor.core.errors import UsageError
from extractor.core.meta.conversions import (
    MedianMethod,
    combine_groups,
    mean_sd_from_median,
    sd_from_ci,
    sd_from_se,
)
from extractor.core.meta.effect_sizes import Measure
from extractor.core.meta.pooling import Method

FINAL_HELP = "write nothing and exit 1 unless the outputs are complete"


def add_commands(
    commands: Any,  # argparse's private _SubParsersAction
    imports: Any,
    exports: Any,
) -> None:
    """The outcome commands, in the parsers of `extractor`, `import` and `export`."""
    outcomes_in = imports.add_parser("outcomes", help="outcome data in the long CSV layout")
    outcomes_in.add_argument("project", type=Path)
    outcomes_in.add_argument("file", type=Path)
    outcomes_in.add_argument("--reviewer", required=True)
    outcomes_in.add_argument("--form", dest="form_key")
    outcomes_in.set_defaults(handler=cmd_import_outcomes)

    outcomes_out = exports.add_parser("outcomes", help="outcome data for R (long, metafor, meta)")
    outcomes_out.add_argument("project", type=Path)
    outcomes_out.add_argument("-o", "--output", type=Path, required=True)
    outcomes_out.add_argument("--layout", choices=("long", "metafor", "meta"), default="long")
    outcomes_out.add_argument("--source", help="consensus or a reviewer's name")
    outcomes_out.add_argument("--form", dest="form_key")
    outcomes_out.add_argument("--final", action="store_true", help=FINAL_HELP)
    outcomes_out.set_defaults(handler=cmd_export_outcomes)

    meta = commands.add_parser("meta", help="pool an outcome across studies; a forest plot")
    meta.add_argument("project", type=Path)
    meta.add_argument("--outcome", required=True)
    meta.add_argument("--timepoint")
    meta.add_argument(
        "--measure", required=True, type=str.upper, choices=[m.value for m in Measure]
    )
    meta.add_argument("--experimental", required=True, metavar="ARM")
    meta.add_argument("--control", required=True, metavar="ARM")
    meta.add_argument(
        "--method", type=str.upper, choices=[m.value for m in Method], default=Method.REML.value
    )
    meta.add_argument("--hksj", action="store_true", help="the Hartung-Knapp adjustment")
    meta.add_argument("--subgroup", metavar="FIELD", help="a study-level field's key")
    meta.add_argument("--level", type=float, default=0.95, help="of the CIs (default 0.95)")
    meta.add_argument("--source", help="consensus or a reviewer's name")
    meta.add_argument("--form", dest="form_key")
    meta.add_argument("--json", action="store_true")
    meta.add_argument("-o", "--output", type=Path, help="the forest plot, .pdf or .png")
    meta.add_argument("--final", action="store_true", help=FINAL_HELP)
    meta.set_defaults(handler=cmd_meta)

    calc = commands.add_parser("calc", help="SD, or mean and SD, from what a paper reports")
    calcs = calc.add_subparsers(metavar="WHAT")
    sd = calcs.add_parser("sd", help="SD from an SE or from a CI of a mean")
    given = sd.add_mutually_exclusive_group(required=True)
    given.add_argument("--se", type=float)
    given.add_argument("--ci", type=float, nargs=2, metavar=("LOW", "HIGH"))
    sd.add_argument("--n", type=float, required=True)
    sd.add_argument("--level", type=float, default=0.95)
    sd.add_argument("--json", action="store_true")
    sd.set_defaults(handler=cmd_calc_sd)
    mean_sd = calcs.add_parser("mean-sd", help="mean and SD from a median with IQR and/or range")
    mean_sd.add_argument("--n", type=float, required=True)
    mean_sd.add_argument("--median", type=float)
    mean_sd.add_argument("--q1", type=float)
    mean_sd.add_argument("--q3", type=float)
    mean_sd.add_argument("--min", dest="minimum", type=float)
    mean_sd.add_argument("--max", dest="maximum", type=float)
    mean_sd.add_argument(
        "--method", choices=[m.value for m in MedianMethod], default=MedianMethod.SHI.value
    )
    mean_sd.add_argument("--json", action="store_true")
    mean_sd.set_defaults(handler=cmd_calc_mean_sd)
    combine = calcs.add_parser("combine", help="two groups (subgroups of an arm) as one")
    for group in ("1", "2"):
        combine.add_argument(f"--n{group}", type=float, required=True)
        combine.add_argument(f"--mean{group}", type=float, required=True)
        combine.add_argument(f"--sd{group}", type=float, required=True)
    combine.add_argument("--json", action="store_true")
    combine.set_defaults(handler=cmd_calc_combine)


def cmd_import_outcomes(args: argparse.Namespace) -> int:
    from extractor.app.outcomes import import_outcomes

    with open_project(args.project) as project:
        done = import_outcomes(project, args.file, args.reviewer, args.form_key)
    print(f"{done.reviewer}: outcome data into form '{done.form}' of {done.summary()}")
    return 0


def cmd_export_outcomes(args: argparse.Namespace) -> int:
    from extractor.app.outcomes import export_outcomes

    with open_project(args.project) as project:
        warnings = export_outcomes(
            project, args.output, args.layout, args.source, args.form_key, args.final
        )
    warn(warnings)
    print(f"wrote {args.output}")
    return 0


def cmd_meta(args: argparse.Namespace) -> int:
    from extractor.app.meta_analysis import (
        MetaRequest,
        keep_analysis,
        meta_analysis,
        meta_json,
        save_forest,
    )

    if not 0 < args.level < 1:
        raise UsageError(f"--level {args.level} must be between 0 and 1")
    request = MetaRequest(
        outcome=args.outcome,
        measure=Measure(args.measure),
        experimental=args.experimental,
        control=args.control,
        timepoint=args.timepoint,
        method=Method(args.method),
        hksj=args.hksj,
        subgroup=args.subgroup,
        source=args.source,
        form_key=args.form_key,
        level=args.level,
    )
    with open_project(args.project) as project:
        result = meta_analysis(project, request, args.final)
        written = save_forest(result, args.output) if args.output is not None else []
        if written:  # a figure was asked for: Export all draws it again
            keep_analysis(project, request)
    warn(result.warnings)
    if args.json:
        print(json.dumps(meta_json(result), ensure_ascii=False))
    else:
        print(_summary(result))
    if written:
        print("wrote " + ", ".join(str(path) for path in written))
    return 0


def _summary(result: Any) -> str:
    analysis = result.analysis
    pooled = analysis.pooled
    shown = math.exp if analysis.measure.is_ratio else (lambda x: x)
    lines = [
        f"{result.request.title()}: {analysis.measure.long_name}, {analysis.method.long_name}"
        + (", Hartung-Knapp" if analysis.hksj else ""),
        f"{pooled.k} studies: {shown(pooled.estimate):.4f}"
        f" [{shown(pooled.ci_low):.4f}, {shown(pooled.ci_high):.4f}], p = {pooled.p:.4g}",
        f"tau2 = {pooled.tau2:.4f}, I2 = {pooled.i2:.2f}%, Q = {pooled.q:.4f}"
        f" (df {pooled.q_df}, p = {pooled.q_p:.4g})",
    ]
    if pooled.pi_low is not None:
        lines.append(
            f"prediction interval [{shown(pooled.pi_low):.4f}, {shown(pooled.pi_high):.4f}]"
        )
    for study in analysis.studies:
        if study.effect is None:
            lines.append(f"  {study.study.label}: not pooled ({study.excluded})")
        else:
            lines.append(
                f"  {study.study.label}: {shown(study.effect.yi):.4f}, weight {study.weight:.2f}%"
            )
    for subgroup in analysis.subgroups:
        if subgroup.pooled is None:
            lines.append(f"subgroup {subgroup.name}: not pooled ({subgroup.note})")
        else:
            p = subgroup.pooled
            lines.append(
                f"subgroup {subgroup.name}: {p.k} studies, {shown(p.estimate):.4f}"
                f" [{shown(p.ci_low):.4f}, {shown(p.ci_high):.4f}], I2 = {p.i2:.2f}%"
            )
    if analysis.subgroup_test is not None:
        test = analysis.subgroup_test
        lines.append(
            f"test for subgroup differences: Q = {test.q:.4f}, df {test.df}, p = {test.p:.4g}"
        )
    return "\n".join(lines)


def cmd_calc_sd(args: argparse.Namespace) -> int:
    if args.se is not None:
        derived = sd_from_se(args.se, args.n)
    else:
        derived = sd_from_ci(args.ci[0], args.ci[1], args.n, args.level)
    if args.json:
        print(json.dumps({"sd": derived.value, "method": derived.method}, ensure_ascii=False))
    else:
        print(f"SD {derived.value:.6g}\n{derived.method}")
    return 0


def cmd_calc_mean_sd(args: argparse.Namespace) -> int:
    found = mean_sd_from_median(
        args.n,
        args.median,
        q1=args.q1,
        q3=args.q3,
        minimum=args.minimum,
        maximum=args.maximum,
        method=MedianMethod(args.method),
    )
    if args.json:
        print(
            json.dumps(
                {
                    "mean": found.mean.value,
                    "sd": found.sd.value,
                    "mean_method": found.mean.method,
                    "sd_method": found.sd.method,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"mean {found.mean.value:.6g}\nSD {found.sd.value:.6g}")
        print(f"{found.mean.method}\n{found.sd.method}")
    return 0


def cmd_calc_combine(args: argparse.Namespace) -> int:
    found = combine_groups(args.n1, args.mean1, args.sd1, args.n2, args.mean2, args.sd2)
    if args.json:
        print(
            json.dumps(
                {"n": found.n, "mean": found.mean, "sd": found.sd, "method": found.method},
                ensure_ascii=False,
            )
        )
    else:
        print(f"n {found.n:g}\nmean {found.mean:.6g}\nSD {found.sd:.6g}\n{found.method}")
    return 0
