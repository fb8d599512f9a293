"""The ``strengthmodel`` command.

- ``strengthmodel demo [--out FILE] [--summary FILE]`` walks a fictional client through
  the seven steps, printing what each step recorded and the plan's progress, then writes
  the finished plan as JSON (and, if asked, a readable Markdown summary).
- ``strengthmodel validate FILE...`` checks documents of any kind and prints every problem
  with its JSON path; the exit status is 1 if any file is invalid.
- ``strengthmodel schema KIND`` prints the JSON Schema of a document kind (``plan``, ``goal``...).
- ``strengthmodel simulate PLAN.json --clients N --weeks W --seed S --out results.parquet``
  simulates a cohort following the plan (see the explanation page "The simulation
  model"), with a progress bar on standard error and a summary table on standard output;
  bad input prints one line and exits with status 2.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from strengthmodel._fields import sensitive_fields
from strengthmodel.demo import demo_steps
from strengthmodel.errors import StrengthModelError, ValidationError
from strengthmodel.plans.changes import AddRecord, ReplaceRecord
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.progress import StepStatus, next_steps, progress
from strengthmodel.plans.render import summary
from strengthmodel.steps.process import Step

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="strengthmodel",
        description="Typed models of strength-based psychotherapy.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="walk a fictional client through the seven steps and save the plan"
    )
    demo.add_argument(
        "--out",
        type=Path,
        default=Path("demo-plan.json"),
        help="where to write the finished plan as JSON (default: %(default)s)",
    )
    demo.add_argument(
        "--summary",
        type=Path,
        help="also write a readable Markdown summary (sensitive fields withheld) here",
    )
    validate = commands.add_parser(
        "validate", help="check strengthmodel JSON documents and list every problem"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    schema = commands.add_parser("schema", help="print the JSON Schema of a document kind")
    schema.add_argument("kind", help="a document kind, e.g. plan, goal, history-entry")
    _add_simulate_parser(commands)
    return parser


def _progress_line(plan: Plan) -> str:
    marks = {
        StepStatus.NOT_STARTED: " ",
        StepStatus.IN_PROGRESS: "~",
        StepStatus.SUFFICIENT: "x",
    }
    report = progress(plan)
    return " ".join(f"[{marks[report[s].status]}]{s.number}" for s in Step)


def _recorded(before: Plan | None, after: Plan) -> list[str]:
    start = before.revision if before is not None else 0
    lines = []
    for entry in after.history[start:]:
        change = entry.change
        if isinstance(change, AddRecord | ReplaceRecord):
            record = change.record
            mark = "+" if isinstance(change, AddRecord) else "~"
            # Only a non-sensitive name is printed: terminals and logs are not private.
            label = "" if "name" in sensitive_fields(type(record)) else getattr(record, "name", "")
            lines.append(f"    {mark} {record.kind} {record.id}" + (f": {label}" if label else ""))
        else:
            lines.append(f"    * {change.kind}")
    return lines


def run_demo(out: Path, stream: TextIO, *, summary_path: Path | None = None) -> Plan:
    """Run the demo, printing to ``stream``, and write the plan to ``out`` as JSON."""
    previous: Plan | None = None
    plan: Plan | None = None
    print("strengthmodel demo: fictional client client-demo through the seven steps", file=stream)
    print("(names and the client's words are withheld in this output)\n", file=stream)
    for step, plan in demo_steps():
        print(f"Step {step.number}: {step.title}", file=stream)
        for line in _recorded(previous, plan):
            print(line, file=stream)
        report = progress(plan)[step]
        print(f"    status: {report.status.value}", file=stream)
        for missing in report.missing:
            print(f"    still missing: {missing}", file=stream)
        print(f"    progress: {_progress_line(plan)}\n", file=stream)
        previous = plan
    assert plan is not None  # noqa: S101 - the demo has seven steps
    suggestions = next_steps(plan)
    if suggestions:
        print("Suggested next: " + ", ".join(s.step.title for s in suggestions), file=stream)
    else:
        print("All seven steps are sufficient.", file=stream)
    from strengthmodel.serialization import dumps  # noqa: PLC0415 - keeps start-up fast

    out.write_text(dumps(plan, indent=True) + "\n", encoding="utf-8")
    print(f"Wrote the plan ({plan.revision} changes) as JSON to {out}", file=stream)
    if summary_path is not None:
        summary_path.write_text(summary(plan), encoding="utf-8")
        print(f"Wrote a readable summary to {summary_path}", file=stream)
    return plan


def run_validate(files: Sequence[Path], stream: TextIO) -> int:
    """Validate each file; print one line per file and one per problem. Return 0 or 1."""
    from strengthmodel.documents import DOCUMENT_TYPES  # noqa: PLC0415
    from strengthmodel.serialization import loads_any  # noqa: PLC0415

    status = 0
    for path in files:
        try:
            record = loads_any(path.read_bytes(), DOCUMENT_TYPES)
        except OSError as error:
            print(f"{path}: cannot read: {error.strerror or error}", file=stream)
            status = 1
        except ValidationError as error:
            count = len(error.problems)
            print(f"{path}: invalid ({count} problem{'s' if count != 1 else ''})", file=stream)
            for problem in error.problems:
                print(f"  {problem}", file=stream)
            status = 1
        else:
            print(f"{path}: ok ({record.kind})", file=stream)
    return status


def run_schema(kind: str, stream: TextIO) -> int:
    """Print the JSON Schema of a document kind. Return 0, or 1 for an unknown kind."""
    import orjson  # noqa: PLC0415

    from strengthmodel.documents import DOCUMENT_TYPES  # noqa: PLC0415
    from strengthmodel.interop.jsonschema import json_schema  # noqa: PLC0415

    cls = DOCUMENT_TYPES.get(kind)
    if cls is None:
        kinds = ", ".join(sorted(DOCUMENT_TYPES))
        print(f"strengthmodel: error: unknown kind {kind!r}; choose from {kinds}", file=sys.stderr)
        return 1
    print(orjson.dumps(json_schema(cls), option=orjson.OPT_INDENT_2).decode(), file=stream)
    return 0


def _add_simulate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    simulate = commands.add_parser(
        "simulate", help="simulate a cohort of clients following a plan, week by week"
    )
    simulate.add_argument("plan", type=Path, metavar="PLAN.json", help="a saved plan")
    # Numbers are read as text and checked by run_simulate, so bad values get one line.
    simulate.add_argument("--clients", default="1000", help="clients (default: %(default)s)")
    simulate.add_argument("--weeks", default="52", help="weeks (default: %(default)s)")
    simulate.add_argument("--seed", default="0", help="seed (default: %(default)s)")
    simulate.add_argument(
        "--parameters", type=Path, metavar="FILE", help="SimulationParameters as JSON"
    )
    simulate.add_argument(
        "--out",
        type=Path,
        help="write one row per client here (.parquet, or .csv)",
    )
    simulate.add_argument(
        "--weekly", type=Path, help="write the weekly table here (.parquet or .csv)"
    )
    simulate.add_argument("--no-progress", action="store_true", help="no progress bar")


def _whole_number(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        msg = f"--{name}: expected a whole number, got {text!r}"
        raise SimulationInputError(msg) from None


class SimulationInputError(StrengthModelError):
    """A command-line argument of ``simulate`` is not usable."""


def _load_for_simulation(args: argparse.Namespace) -> tuple[Plan, Any]:
    """Read the plan and the parameters named on the command line."""
    from strengthmodel.serialization import loads  # noqa: PLC0415 - keeps start-up fast
    from strengthmodel.simulation import SimulationParameters  # noqa: PLC0415

    try:
        plan = loads(args.plan.read_bytes(), Plan)
    except ValidationError as error:
        count = len(error.problems)
        msg = (
            f"{args.plan}: not a valid plan ({count} problem{'s' if count != 1 else ''}; "
            f"first: {error.problems[0]}); see: strengthmodel validate {args.plan}"
        )
        raise SimulationInputError(msg) from None
    if args.parameters is None:
        return plan, None
    return plan, loads(args.parameters.read_bytes(), SimulationParameters)


def run_simulate(args: argparse.Namespace, stream: TextIO) -> int:
    """Run ``strengthmodel simulate``; return 0, or 2 for bad input (one line on stderr)."""
    from strengthmodel.simulation import simulate  # noqa: PLC0415 - keeps start-up fast

    outputs = [(p, table) for p, table in ((args.out, "clients"), (args.weekly, "weekly")) if p]
    try:
        clients = _whole_number("clients", args.clients)
        weeks = _whole_number("weeks", args.weeks)
        seed = _whole_number("seed", args.seed)
        plan, parameters = _load_for_simulation(args)
        result = simulate(
            plan,
            clients=clients,
            weeks=weeks,
            seed=seed,
            parameters=parameters,
            progress=not args.no_progress,
        )
        for path, table in outputs:
            if path.suffix.lower() == ".csv":
                result.to_csv(path, table=table)
            else:
                result.to_parquet(path, table=table)
    except ValidationError as error:
        options = {"clients", "weeks", "seed"}
        problems = "; ".join(
            f"--{p.path}: {p.message}" if p.path in options else str(p) for p in error.problems
        )
        print(f"strengthmodel simulate: error: {problems}", file=sys.stderr)
        return 2
    except (StrengthModelError, OSError) as error:
        text = f"{error.filename}: {error.strerror}" if isinstance(error, OSError) else error
        print(f"strengthmodel simulate: error: {text}", file=sys.stderr)
        return 2
    row = result.summary().iloc[0]
    print(
        f"Simulated {clients} clients for {weeks} weeks (seed {seed}), plan {plan.id}", file=stream
    )
    for name in row.index.drop(["plan_id", "clients", "weeks"]):
        value = float(row[name])
        shown = "-" if math.isnan(value) else f"{value:.4g}"
        print(f"  {name:<24}{shown}", file=stream)
    for path, _ in outputs:
        print(f"Wrote {path}", file=stream)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return run_validate(args.files, sys.stdout)
        if args.command == "schema":
            return run_schema(args.kind, sys.stdout)
        if args.command == "simulate":
            return run_simulate(args, sys.stdout)
        run_demo(args.out, sys.stdout, summary_path=args.summary)
    except (StrengthModelError, OSError) as error:
        print(f"strengthmodel: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
