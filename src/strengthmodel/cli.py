"""The ``strengthmodel`` command.

``strengthmodel demo`` walks a fictional client through the seven steps, printing
what each step recorded and the plan's progress, then writes the finished plan.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from strengthmodel._fields import sensitive_fields
from strengthmodel.demo import demo_steps
from strengthmodel.errors import StrengthModelError
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
        default=Path("demo-plan.md"),
        help="where to write the finished plan (default: %(default)s)",
    )
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


def run_demo(out: Path, stream: TextIO) -> Plan:
    """Run the demo, printing to ``stream``, and write the plan to ``out``."""
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
    out.write_text(summary(plan), encoding="utf-8")
    print(f"Wrote the plan ({plan.revision} changes) to {out}", file=stream)
    return plan


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            run_demo(args.out, sys.stdout)
    except (StrengthModelError, OSError) as error:
        print(f"strengthmodel: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
