"""The ``strengthmodel`` command.

- ``strengthmodel demo [--out FILE] [--summary FILE]`` walks a fictional client through
  the seven steps, printing what each step recorded and the plan's progress, then writes
  the finished plan as JSON (and, if asked, a readable Markdown summary).
- ``strengthmodel validate FILE...`` checks documents of any kind and prints every problem
  with its JSON path; the exit status is 1 if any file is invalid.
- ``strengthmodel schema KIND`` prints the JSON Schema of a document kind (``plan``, ``goal``...).
- ``strengthmodel deidentify IN OUT --key-file F`` writes a de-identified research copy
  of the plan in IN to OUT (see [`deidentify`][strengthmodel.deidentify]); it refuses to
  run without a key and never prints it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

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
    _add_deidentify(commands)
    return parser


def _add_deidentify(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "deidentify",
        help="write a de-identified research copy of a plan (keyed pseudonyms, no free text)",
    )
    command.add_argument("input", type=Path, metavar="IN", help="the plan (JSON)")
    command.add_argument("output", type=Path, metavar="OUT", help="where to write the copy")
    command.add_argument(
        "--key-file",
        type=Path,
        metavar="F",
        help="a file holding the secret key (at least 16 bytes; surrounding whitespace "
        "is ignored); the same key gives the same pseudonyms in every export",
    )


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


def run_deidentify(source: Path, target: Path, key_file: Path | None, stream: TextIO) -> int:
    """De-identify the plan in ``source`` into ``target`` with the key in ``key_file``.

    Returns 0, or 1 when there is no key or the output would replace the input. Other
    problems raise our errors (or ``OSError``), which ``main`` reports.
    """
    if key_file is None:
        print(
            "strengthmodel: error: refusing to de-identify without a key: pass --key-file F "
            "(make one with: python -c 'import secrets; print(secrets.token_hex(32))' > F)",
            file=sys.stderr,
        )
        return 1
    if source.resolve() == target.resolve():
        print("strengthmodel: error: OUT must not be IN (the input is kept)", file=sys.stderr)
        return 1
    from strengthmodel.privacy import deidentify  # noqa: PLC0415 - keeps start-up fast
    from strengthmodel.serialization import dumps, loads  # noqa: PLC0415

    key = key_file.read_bytes().strip()
    plan = loads(source.read_bytes(), Plan)
    research = deidentify(plan, key=key)
    target.write_text(dumps(research, indent=True) + "\n", encoding="utf-8")
    print(
        f"Wrote a de-identified copy ({research.revision} changes, client "
        f"{research.client.pseudonym}) to {target}",
        file=stream,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return run_validate(args.files, sys.stdout)
        if args.command == "schema":
            return run_schema(args.kind, sys.stdout)
        if args.command == "deidentify":
            return run_deidentify(args.input, args.output, args.key_file, sys.stdout)
        run_demo(args.out, sys.stdout, summary_path=args.summary)
    except (StrengthModelError, OSError) as error:
        print(f"strengthmodel: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
