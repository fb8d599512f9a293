"""The ``strengthmodel`` command.

- ``strengthmodel demo [--out FILE] [--summary FILE]`` walks a fictional client through
  the seven steps, printing what each step recorded and the plan's progress, then writes
  the finished plan as JSON (and, if asked, a readable Markdown summary).
- ``strengthmodel validate FILE...`` checks documents of any kind and prints every problem
  with its JSON path.
- ``strengthmodel schema KIND`` prints the JSON Schema of a document kind (``plan``, ``goal``...).
- ``strengthmodel simulate PLAN.json --clients N --weeks W --seed S --out results.parquet``
  simulates a cohort following the plan (see the explanation page "The simulation
  model"), with a progress bar on standard error and a summary table on standard output.
- ``review``, ``render``, ``graph``, ``export fhir`` and ``import fhir`` read a document
  (a file, or ``-`` for standard input) and write to ``-o FILE`` or standard output; see
  ``docs/reference/cli.md``, which is generated from the parser below.
- ``strengthmodel deidentify IN OUT --key-file F`` writes a de-identified research copy
  of the plan in IN to OUT (see [`deidentify`][strengthmodel.deidentify]); it refuses to
  run without a key and never prints it.

Every command is a ``run_*`` function taking the parsed arguments, set on its sub-parser
with ``set_defaults(run=...)``; ``main`` calls it and is the one place that turns our
errors, ``OSError`` and a missing optional extra (``ImportError``) into one line on
standard error, ``strengthmodel: error: ...``, never a traceback.

The exit status, as linters (ruff, mypy) use it:

- 0: success.
- 1: a finding: ``validate`` found an invalid document (one it could read but not
  accept), or ``review`` a finding at or above ``--fail-on``.
- 2: the command could not do its work: bad arguments (argparse's usage errors, an
  unknown ``schema`` kind, no ``--key-file`` for ``deidentify``), a file that is
  missing or cannot be read or written, a missing optional extra (Jinja2 for
  ``render``, pandas for ``simulate``), or, for every command but ``validate``, an input
  document that cannot be loaded. ``validate`` goes on past a file it cannot read, and
  its status is then 2 whatever the other files hold.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import stat
import sys
import typing
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from strengthmodel._describe import describe_value
from strengthmodel._fields import sensitive_fields
from strengthmodel.demo import demo_steps
from strengthmodel.errors import Problem, StrengthModelError, ValidationError
from strengthmodel.plans.changes import AddRecord, ReplaceRecord
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.progress import StepStatus, next_steps, progress
from strengthmodel.plans.render import summary
from strengthmodel.steps.process import Step

__all__ = ["main"]


_OPTION = re.compile(r"--?[A-Za-z][A-Za-z0-9-]*(=.*)?")
_QUOTED_VALUE = re.compile(
    r"(invalid choice|invalid [\w ]+ value): ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
)


def _described_literal(match: re.Match[str]) -> str:
    text = match.group(2)[1:-1]
    return f"{match.group(1)} ({describe_value(text)})"


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors describe what was typed instead of quoting it.

    A value given on the command line (a name typed for ``--format``, a stray word) is
    described like every other refused value; option names are shown.
    """

    def error(self, message: str) -> typing.NoReturn:
        """Print the usage and the message, its quoted values described, and exit 2."""
        super().error(_QUOTED_VALUE.sub(_described_literal, message))

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Parse, naming the unrecognised options but describing unrecognised values."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            shown = ", ".join(
                a.split("=", 1)[0] if _OPTION.fullmatch(a) else describe_value(a) for a in extras
            )
            self.error(f"unrecognized arguments: {shown}")
        return parsed


def _parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = _Parser(
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
    demo.set_defaults(run=run_demo)
    validate = commands.add_parser(
        "validate", help="check strengthmodel JSON documents and list every problem"
    )
    validate.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="JSON documents, or caseloads of plans as JSON Lines (.jsonl, .ndjson): "
        "every bad line is listed with its number",
    )
    validate.add_argument(
        "--key-file",
        type=Path,
        metavar="F",
        help="verify each plan's signature with the key in F (its bytes, stripped); "
        "without it, signatures are not checked and the output says so",
    )
    validate.set_defaults(run=run_validate)
    schema = commands.add_parser("schema", help="print the JSON Schema of a document kind")
    schema.add_argument("kind", help="a document kind, e.g. plan, goal, history-entry")
    schema.set_defaults(run=run_schema)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    _add_review(commands)
    _add_render(commands)
    _add_graph(commands)
    _add_exchange(commands)
    _add_simulate_parser(commands)
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
    command.set_defaults(run=run_deidentify)


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


def run_demo(args: argparse.Namespace) -> int:
    """``strengthmodel demo``: walk the seven steps and write the plan to ``--out``; 0."""
    _demo(args.out, sys.stdout, summary_path=args.summary)
    return EXIT_OK


def _demo(out: Path, stream: TextIO, *, summary_path: Path | None = None) -> Plan:
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


# dumps writes "signature" third, after "format" and "version": reading the envelope is
# enough to tell a signed document, without parsing it a second time.
_SIGNED = re.compile(
    rb'\s*\{\s*"format"\s*:\s*"[^"]*"\s*,\s*"version"\s*:\s*\d+\s*,\s*"signature"\s*:'
)


def run_validate(args: argparse.Namespace) -> int:
    """``strengthmodel validate``: one line per file and one per problem; 0, 1 or 2.

    A file that is read but not accepted is a finding (status 1), reported on standard
    output; a file that cannot be read (missing, a folder, a device, no permission) is an
    error (status 2), one line on standard error, and the other files are still checked.

    With ``--key-file``, every document must carry a signature made with that key;
    without it, a signed document is reported as ``ok (plan, signature not checked)``.
    """
    key = None if args.key_file is None else _read_key(args.key_file)
    status = EXIT_OK
    for path in args.files:
        check = _validate_lines if path.suffix.lower() in _LINES_SUFFIXES else _validate_document
        try:
            status = max(status, check(path, sys.stdout, key))
        except _UnreadableError as error:
            _error(str(error))
            status = EXIT_ERROR
    return status


def _read_key(path: Path) -> bytes:
    """The key in ``path`` (its bytes, stripped); a file that cannot be read is an error."""
    try:
        return read_document(path).strip()
    except (_BadInputError, _UnreadableError) as error:
        msg = f"key file {error}"
        raise _BadInputError(msg) from None


def _validate_document(path: Path, stream: TextIO, key: bytes | None) -> int:
    from strengthmodel.documents import DOCUMENT_TYPES  # noqa: PLC0415
    from strengthmodel.serialization import loads_any  # noqa: PLC0415

    try:
        raw = read_document(path)  # _UnreadableError goes to run_validate
        record = loads_any(raw, DOCUMENT_TYPES, key=key)
    except _BadInputError as error:
        print(str(error), file=stream)
        return 1
    except ValidationError as error:
        count = len(error.problems)
        print(f"{path}: invalid ({count} problem{'s' if count != 1 else ''})", file=stream)
        for problem in error.problems:
            print(f"  {problem}", file=stream)
        return 1
    note = ""
    if key is not None:
        note = ", signature verified"
    elif _SIGNED.match(raw):
        note = ", signature not checked: give --key-file"
    print(f"{path}: ok ({record.kind}{note})", file=stream)
    return 0


_LINES_SUFFIXES = (".jsonl", ".ndjson")


def _validate_lines(path: Path, stream: TextIO, key: bytes | None) -> int:
    """Validate a JSON Lines caseload of plans, line by line; report every bad line."""
    from strengthmodel.streams import MAX_LINE_BYTES, checked_lines, read_lines  # noqa: PLC0415

    try:
        _regular_file(path)
        with path.open("rb") as source:
            plans, bad = 0, []
            seen: dict[str, int] = {}
            lines = read_lines(source, MAX_LINE_BYTES)
            for number, outcome in checked_lines(lines, Plan, None, key, MAX_LINE_BYTES):
                if isinstance(outcome, ValidationError):
                    bad.append(outcome)
                    continue
                plan_id = typing.cast("Plan", outcome).id
                if plan_id in seen:
                    # Two documents of one plan: which is current cannot be told.
                    message = f"plan {plan_id!r} is also on line {seen[plan_id]}"  # a valid id
                    bad.append(ValidationError([Problem.at(("$", "id"), message)], line=number))
                else:
                    seen[plan_id] = number
                    plans += 1
    except OSError as error:
        msg = f"{path}: cannot read: {error.strerror or error}"
        raise _UnreadableError(msg) from None
    if not bad:
        note = ", signatures verified" if key is not None else ""
        print(f"{path}: ok ({plans} plan{'s' if plans != 1 else ''}{note})", file=stream)
        return 0
    noun = "line" if len(bad) == 1 else "lines"
    print(f"{path}: invalid ({len(bad)} {noun} with problems, {plans} valid)", file=stream)
    for found in bad:
        for problem in found.problems:
            print(f"  line {found.line}: {problem}", file=stream)
        if found.more:
            print(f"  line {found.line}: and {found.more} more problems", file=stream)
    return 1


def run_schema(args: argparse.Namespace) -> int:
    """``strengthmodel schema KIND``: print the kind's JSON Schema; 0."""
    import orjson  # noqa: PLC0415

    from strengthmodel.documents import DOCUMENT_TYPES  # noqa: PLC0415
    from strengthmodel.interop.jsonschema import json_schema  # noqa: PLC0415

    cls = DOCUMENT_TYPES.get(args.kind)
    if cls is None:
        kinds = ", ".join(sorted(DOCUMENT_TYPES))
        got = describe_value(args.kind, codes=tuple(DOCUMENT_TYPES))
        msg = f"unknown kind ({got}); choose from {kinds}"
        raise _BadInputError(msg)
    print(orjson.dumps(json_schema(cls), option=orjson.OPT_INDENT_2).decode())
    return EXIT_OK


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
        "--workers",
        default="1",
        help="processes to run on (default: %(default)s); the results are the same",
    )
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
    simulate.set_defaults(run=run_simulate)


def _whole_number(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        msg = f"--{name}: expected a whole number, got {describe_value(text)}"
        raise SimulationInputError(msg) from None


class SimulationInputError(StrengthModelError):
    """A command-line argument of ``simulate`` is not usable."""


def _load_for_simulation(args: argparse.Namespace) -> tuple[Plan, Any]:
    """Read the plan and the parameters named on the command line."""
    from strengthmodel.serialization import loads  # noqa: PLC0415 - keeps start-up fast
    from strengthmodel.simulation import SimulationParameters  # noqa: PLC0415

    try:
        plan = loads(read_document(args.plan), Plan)
    except ValidationError as error:
        count = len(error.problems)
        msg = (
            f"{args.plan}: not a valid plan ({count} problem{'s' if count != 1 else ''}; "
            f"first: {error.problems[0]}); see: strengthmodel validate {args.plan}"
        )
        raise SimulationInputError(msg) from None
    if args.parameters is None:
        return plan, None
    try:
        return plan, loads(read_document(args.parameters), SimulationParameters)
    except ValidationError as error:
        msg = f"{args.parameters}: {_one_line(error)}"
        raise SimulationInputError(msg) from None


def run_simulate(args: argparse.Namespace) -> int:
    """``strengthmodel simulate``: the summary table on standard output; 0."""
    from strengthmodel.simulation import simulate  # noqa: PLC0415 - keeps start-up fast

    outputs = [(p, table) for p, table in ((args.out, "clients"), (args.weekly, "weekly")) if p]
    for path, table in outputs:
        if path.suffix.lower() not in {".parquet", ".csv"}:
            option = "--out" if table == "clients" else "--weekly"
            msg = (
                f"{option}: expected a file ending in .parquet or .csv, "
                f"got {str(path)!r}"  # a path: named, as in every error about a file
            )
            raise _BadInputError(msg)
    clients = _whole_number("clients", args.clients)
    weeks = _whole_number("weeks", args.weeks)
    seed = _whole_number("seed", args.seed)
    workers = _whole_number("workers", args.workers)
    plan, parameters = _load_for_simulation(args)
    try:
        result = simulate(
            plan,
            clients=clients,
            weeks=weeks,
            seed=seed,
            parameters=parameters,
            progress=not args.no_progress,
            workers=workers,
        )
    except ValidationError as error:
        # The checks name the keyword arguments; on the command line they are options.
        options = {"clients", "weeks", "seed", "workers"}
        msg = "; ".join(
            f"--{p.path}: {p.message}" if p.path in options else str(p) for p in error.problems
        )
        raise _BadInputError(msg) from None
    for path, table in outputs:
        if path.suffix.lower() == ".csv":
            result.to_csv(path, table=table)
        else:
            result.to_parquet(path, table=table)
    row = result.summary().iloc[0]
    print(f"Simulated {clients} clients for {weeks} weeks (seed {seed}), plan {plan.id}")
    for name in row.index.drop(["plan_id", "clients", "weeks"]):
        value = float(row[name])
        shown = "-" if math.isnan(value) else f"{value:.4g}"
        print(f"  {name:<24}{shown}")
    for path, _ in outputs:
        print(f"Wrote {path}")
    return EXIT_OK


def _os_error_text(error: OSError) -> str:
    """``file: reason`` when the error names both, else its own message."""
    if error.filename is not None and error.strerror:
        return f"{error.filename}: {error.strerror}"
    return str(error)


def run_deidentify(args: argparse.Namespace) -> int:
    """``strengthmodel deidentify IN OUT --key-file F``: write the research copy; 0.

    Refuses (status 2) without a key, or when the output would replace the input.
    """
    source, target = args.input, args.output
    if args.key_file is None:
        msg = (
            "refusing to de-identify without a key: pass --key-file F "
            "(make one with: python -c 'import secrets; print(secrets.token_hex(32))' > F)"
        )
        raise _BadInputError(msg)
    if source.resolve() == target.resolve():
        msg = "OUT must not be IN (the input is kept)"
        raise _BadInputError(msg)
    from strengthmodel.privacy import deidentify  # noqa: PLC0415 - keeps start-up fast
    from strengthmodel.serialization import dumps  # noqa: PLC0415

    key = _read_key(args.key_file)
    research = deidentify(_load_plan(str(source)), key=key)
    target.write_text(dumps(research, indent=True) + "\n", encoding="utf-8")
    print(
        f"Wrote a de-identified copy ({research.revision} changes, client "
        f"{research.client.pseudonym}) to {target}"
    )
    return EXIT_OK


EXIT_OK = 0
"""Exit status: the command did its work and found nothing to fail on."""
EXIT_FOUND = 1
"""Exit status: ``validate`` found an invalid document, or ``review`` a finding at or
above ``--fail-on``."""
EXIT_ERROR = 2
"""Exit status: bad arguments, a file that cannot be read or written, a missing optional
extra, or (for every command but ``validate``) an input document that cannot be loaded."""

_EXTRAS = {
    "jinja2": "render",
    "pandas": "sim",
    "pyarrow": "sim",
    "scipy": "sim",
    "tqdm": "sim",
    "matplotlib": "plot",
    "fhir": "fhir",
}
"""The extra that installs each optional top-level module."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0, 1 or 2, see the module's page).

    The one place where errors become a line on standard error: our own errors, ``OSError``
    (a file that cannot be read or written) and ``ImportError`` (an optional extra that is
    not installed) give ``strengthmodel: error: ...`` and status 2, never a traceback.
    Usage errors are argparse's: the usage, one error line, and status 2.
    """
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except ValidationError as error:
        _error(_one_line(error))
    except StrengthModelError as error:
        _error(str(error))
    except OSError as error:
        _error(_os_error_text(error))
    except ImportError as error:
        _error(_missing_extra(error))
    return EXIT_ERROR


def _error(message: str) -> None:
    """Print ``message`` as one ``strengthmodel: error:`` line on standard error."""
    print(f"strengthmodel: error: {' '.join(message.splitlines())}", file=sys.stderr)


def _missing_extra(error: ImportError) -> str:
    """Which optional module is missing and the extra that installs it."""
    module = (error.name or "").split(".", maxsplit=1)[0]
    extra = _EXTRAS.get(module)
    if extra is None:  # our own ImportErrors name the extra already
        return str(error) or f"{module or 'a module'} is not installed"
    return (
        f"this command needs {module}, which is not installed: pip install 'strengthmodel[{extra}]'"
    )


# -- review, render, graph, export and import ------------------------------------------------
# Each command reads one document (a file or "-" for standard input) and writes to -o FILE
# or standard output; input it cannot use raises, and main prints one line (status 2).


class _BadInputError(StrengthModelError):
    """Input or an argument the command cannot use; the message is the whole explanation."""


class _UnreadableError(StrengthModelError):
    """A file that cannot be read at all: missing, a folder, a device, no permission.

    Kept apart from ``_BadInputError`` because for
    ``validate`` a file over the size limit is a finding, but one it cannot read is not.
    """


def _version() -> str:
    from strengthmodel import __version__  # noqa: PLC0415 - avoids an import cycle

    return __version__


def _add_io(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument("input", metavar="FILE", help=f"{what}, or - to read standard input")
    command.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of standard output"
    )


def _add_review(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    review = commands.add_parser(
        "review",
        help="review a plan and list its findings, like a linter",
        description="Review a plan (balance and safety checks) and list the findings. The "
        "exit status is 1 when a finding at or above --fail-on exists, 2 when the plan "
        "cannot be used, else 0.",
    )
    _add_io(review, "a plan document")
    review.add_argument(
        "--format", choices=["text", "json"], default="text", help="output format (default: text)"
    )
    review.add_argument(
        "--fail-on",
        choices=["info", "warning", "concern", "never"],
        default="concern",
        help="exit 1 when a finding of this severity or higher exists (default: concern)",
    )
    review.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="judge the plan on this date (default: the date of its latest change)",
    )
    review.set_defaults(run=run_review)


def _add_render(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    render = commands.add_parser(
        "render",
        help="render the client's plan page or a clinician summary",
        description="Render a plan as HTML or Markdown. The client page shows the client's "
        "own words and contacts, so it needs --include-sensitive.",
    )
    _add_io(render, "a plan document")
    render.add_argument(
        "--format", choices=["html", "markdown"], default="html", help="(default: html)"
    )
    render.add_argument(
        "--audience", choices=["client", "clinician"], default="client", help="(default: client)"
    )
    render.add_argument(
        "--include-sensitive",
        action="store_true",
        help="show names, contacts and the client's words (required for the client page)",
    )
    render.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="date for the clinician review (default: the date of the plan's latest change)",
    )
    render.set_defaults(run=run_render)


def _add_graph(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    graph = commands.add_parser(
        "graph",
        help="export a plan's coping graph",
        description="Export the coping graph of a plan (triggers, warning signs, coping "
        "skills, strengths, supports). Labels are ids unless --include-sensitive is given.",
    )
    _add_io(graph, "a plan document")
    graph.add_argument(
        "--format",
        choices=["mermaid", "dot", "graphml", "node-link"],
        default="mermaid",
        help="(default: mermaid)",
    )
    graph.add_argument(
        "--include-sensitive",
        action="store_true",
        help="label nodes with names and descriptions (mermaid and dot)",
    )
    graph.set_defaults(run=run_graph)


def _add_exchange(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser("export", help="export a plan to another format")
    export_to = export.add_subparsers(dest="target", required=True, metavar="FORMAT")
    fhir_out = export_to.add_parser(
        "fhir",
        help="a FHIR R4B Bundle (HL7 Person-Centered Outcomes IG)",
        description="Export a plan as a FHIR R4B Bundle of type collection. Names, the "
        "client's words, supports and authors are left out unless --include-sensitive.",
    )
    _add_io(fhir_out, "a plan document")
    fhir_out.add_argument(
        "--include-sensitive",
        action="store_true",
        help="include names, the client's words, supports and change authors",
    )
    fhir_out.set_defaults(run=run_export_fhir)
    import_ = commands.add_parser("import", help="import a plan from another format")
    import_from = import_.add_subparsers(dest="source", required=True, metavar="FORMAT")
    fhir_in = import_from.add_parser(
        "fhir",
        help="a FHIR R4B Bundle written by export fhir",
        description="Read a plan from a FHIR R4B Bundle and write it as a strengthmodel "
        "plan document.",
    )
    _add_io(fhir_in, "a FHIR Bundle (JSON)")
    fhir_in.set_defaults(run=run_import_fhir)


def read_document(source: str | Path) -> bytes:
    """Read a document from a file or ``-`` (standard input), never more than the limit.

    The size is checked before reading (``stat``), and at most one byte past the limit is
    ever read, so ``/dev/zero``, a huge sparse file or an endless pipe cannot exhaust
    memory; devices, FIFOs and sockets are refused before they are opened, so a FIFO
    with no writer cannot block.

    Raises:
        _UnreadableError: The source is missing, not a regular file, or unreadable.
        _BadInputError: The document is over
            [`MAX_DOCUMENT_BYTES`][strengthmodel.serialization.MAX_DOCUMENT_BYTES].
    """
    from strengthmodel.serialization import MAX_DOCUMENT_BYTES  # noqa: PLC0415

    limit = MAX_DOCUMENT_BYTES
    over = f"over the {limit}-byte limit for one document"
    if str(source) == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            msg = f"<stdin>: more than {limit} bytes, {over}"
            raise _BadInputError(msg)
        return data
    path = Path(source)
    info = _regular_file(source)
    if info.st_size > limit:
        msg = f"{source}: {info.st_size} bytes, {over}"
        raise _BadInputError(msg)
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        msg = f"{source}: cannot read: {error.strerror or error}"
        raise _UnreadableError(msg) from None
    if len(data) > limit:
        msg = f"{source}: more than {limit} bytes, {over}"
        raise _BadInputError(msg)
    return data


def _regular_file(source: str | Path) -> os.stat_result:
    """Stat ``source``; refuse what is missing or not a regular file, before opening it.

    Messages name the file as the user wrote it (``./plan.json`` stays ``./plan.json``).

    Raises:
        _UnreadableError: Missing, unreadable, a directory, a device, a FIFO or a socket.
    """
    try:
        info = Path(source).stat()
    except FileNotFoundError:
        msg = f"{source}: no such file"
        raise _UnreadableError(msg) from None
    except OSError as error:
        msg = f"{source}: cannot read: {error.strerror or error}"
        raise _UnreadableError(msg) from None
    if stat.S_ISDIR(info.st_mode):
        msg = f"{source}: is a directory, expected a file"
        raise _UnreadableError(msg)
    if not stat.S_ISREG(info.st_mode):
        msg = (
            f"{source}: not a regular file (a device, pipe or socket); save the document to a file"
        )
        raise _UnreadableError(msg)
    return info


def _label(source: str) -> str:
    return "<stdin>" if source == "-" else source


def _load_plan(source: str) -> Plan:
    from strengthmodel.serialization import loads  # noqa: PLC0415 - keeps start-up fast

    data = read_document(source)
    try:
        return loads(data, Plan)
    except ValidationError as error:
        msg = f"{_label(source)}: {_one_line(error)}"
        raise _BadInputError(msg) from None


def _one_line(error: ValidationError) -> str:
    first = error.problems[0]
    more = len(error.problems) - 1
    return f"{first}" + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        msg = f"{output}: cannot write: {error.strerror or error}"
        raise _BadInputError(msg) from None


def _today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = f"--today: expected a date like 2026-07-01, got {describe_value(value)}"
        raise _BadInputError(msg) from None


def run_review(args: argparse.Namespace) -> int:
    """``strengthmodel review``: print the findings; 1 if any is at or above --fail-on."""
    import orjson  # noqa: PLC0415

    from strengthmodel.findings import Severity, review  # noqa: PLC0415
    from strengthmodel.serialization import to_dict  # noqa: PLC0415

    plan = _load_plan(args.input)
    findings = review(plan, today=_today(args.today))
    if args.format == "json":
        data = [to_dict(finding) for finding in findings]
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    else:
        lines = [
            f"{f.code} {f.severity.value}: {f.message}"
            + (f" [{', '.join(f.records)}]" if f.records else "")
            for f in findings
        ]
        count = len(findings)
        lines.append(f"{count} finding{'s' if count != 1 else ''}")
        text = "\n".join(lines) + "\n"
    _write(text, args.output)
    if args.fail_on == "never":
        return EXIT_OK
    threshold = Severity(args.fail_on)
    return EXIT_FOUND if any(f.severity >= threshold for f in findings) else EXIT_OK


def run_render(args: argparse.Namespace) -> int:
    """``strengthmodel render``: the client page or the clinician summary."""
    from strengthmodel.rendering import render  # noqa: PLC0415

    if args.audience == "client" and not args.include_sensitive:
        msg = (
            "the client page shows the client's own words and contacts; "
            "add --include-sensitive to render it"
        )
        raise _BadInputError(msg)
    plan = _load_plan(args.input)
    page = render(
        plan,
        format=args.format,
        audience=args.audience,
        include_sensitive=args.include_sensitive,
        today=_today(args.today),
    )
    _write(page if page.endswith("\n") else page + "\n", args.output)
    return EXIT_OK


def run_graph(args: argparse.Namespace) -> int:
    """``strengthmodel graph``: the coping graph as Mermaid, DOT, GraphML or node-link JSON."""
    import orjson  # noqa: PLC0415

    from strengthmodel.coping import CopingGraph  # noqa: PLC0415

    graph = CopingGraph.from_plan(_load_plan(args.input))
    sensitive = args.include_sensitive
    if args.format == "mermaid":
        text = graph.mermaid(include_sensitive=sensitive)
    elif args.format == "dot":
        text = graph.dot(include_sensitive=sensitive)
    elif args.format == "graphml":
        text = graph.graphml()
    else:
        text = orjson.dumps(graph.node_link(), option=orjson.OPT_INDENT_2).decode()
    _write(text if text.endswith("\n") else text + "\n", args.output)
    return EXIT_OK


def run_export_fhir(args: argparse.Namespace) -> int:
    """``strengthmodel export fhir``: a plan as a FHIR R4B Bundle."""
    import orjson  # noqa: PLC0415

    from strengthmodel.interop.fhir import to_fhir  # noqa: PLC0415

    bundle = to_fhir(_load_plan(args.input), include_sensitive=args.include_sensitive)
    _write(orjson.dumps(bundle, option=orjson.OPT_INDENT_2).decode() + "\n", args.output)
    return EXIT_OK


def run_import_fhir(args: argparse.Namespace) -> int:
    """``strengthmodel import fhir``: a FHIR R4B Bundle back into a plan document."""
    import orjson  # noqa: PLC0415

    from strengthmodel.interop.fhir import from_fhir  # noqa: PLC0415
    from strengthmodel.serialization import dumps  # noqa: PLC0415

    data = read_document(args.input)
    try:
        bundle = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        msg = f"{_label(args.input)}: not valid JSON: {error}"
        raise _BadInputError(msg) from None
    try:
        plan = from_fhir(bundle)
    except ValidationError as error:
        msg = f"{_label(args.input)}: {_one_line(error)}"
        raise _BadInputError(msg) from None
    _write(dumps(plan, indent=True) + "\n", args.output)
    return EXIT_OK


def reference_markdown() -> str:
    """The command-line reference page (``docs/reference/cli.md``), from the parser itself.

    Regenerate the page with ``scripts/cli-reference``; a test keeps it in sync.
    """
    lines = [
        "# Command line",
        "",
        "<!-- Generated from the argparse definitions by scripts/cli-reference; do not edit. -->",
        "",
        (
            "Commands that read a document take a file name or `-` for standard input, and "
            "write to standard output unless given `-o FILE`. An error is one line on "
            "standard error, `strengthmodel: error: ...`; the exit status is listed at the "
            "end of this page. `python -m strengthmodel` runs the same command."
        ),
        "",
    ]
    parser = _parser()
    lines += _describe(parser, "strengthmodel")
    lines += [
        "## Exit status",
        "",
        "As for linters such as ruff and mypy:",
        "",
        "| status | meaning |",
        "| --- | --- |",
        "| 0 | Success. |",
        (
            "| 1 | A finding: `validate` found an invalid document (one it could read but "
            "not accept, a file over the size limit included), or `review` a finding at or "
            "above `--fail-on`. |"
        ),
        (
            "| 2 | The command could not do its work: bad arguments (argparse prints the "
            "usage, then the error), an unknown `schema` kind, `deidentify` without "
            "`--key-file`; a file that is missing, a folder, a device, or cannot be read or "
            "written; a missing optional extra (Jinja2 for `render`, pandas for "
            "`simulate`); for every command but `validate`, an input document that cannot "
            "be loaded. |"
        ),
        "",
        (
            "`validate` reports each file it reads on standard output and each file it "
            "cannot read on standard error, and goes on to the next file: its status is 0 "
            "when every file is valid, 2 when one could not be read, else 1."
        ),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _argument_row(action: argparse.Action) -> str:
    value = action.metavar or action.dest.upper()
    names = ", ".join(f"`{o}`" for o in action.option_strings) or f"`{value}`"
    if action.option_strings and action.nargs != 0 and not action.choices:
        names += f" `{value}`"
    text = (action.help or "").replace("%(default)s", str(action.default)).strip()
    if text and not text.endswith("."):
        text += "."
    if action.choices:
        text += " One of " + ", ".join(f"`{c}`" for c in action.choices) + "."
    return f"| {names} | {text.strip()} |"


def _describe(parser: argparse.ArgumentParser, name: str) -> list[str]:
    # argparse keeps its sub-commands and their help in private attributes; there is no
    # public way to walk a parser.
    lines: list[str] = []
    subcommands: list[tuple[str, argparse.ArgumentParser, str]] = []
    rows = []
    for action in parser._actions:  # noqa: SLF001 - see above
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            helps = {a.dest: a.help or "" for a in action._choices_actions}  # noqa: SLF001
            subcommands += [(n, p, helps.get(n, "")) for n, p in action.choices.items()]
            continue
        if isinstance(action, argparse._HelpAction):  # noqa: SLF001
            continue
        rows.append(_argument_row(action))
    if name != "strengthmodel" or rows:
        usage = " ".join(parser.format_usage().split())
        lines += [f"## `{name}`", ""] if name != "strengthmodel" else []
        if parser.description:
            lines += [parser.description, ""]
        lines += ["```text", usage.replace("usage: ", ""), "```", ""]
        if rows:
            lines += ["| argument | meaning |", "| --- | --- |", *rows, ""]
    for sub_name, sub_parser, sub_help in subcommands:
        full = f"{name} {sub_name}"
        described = _describe(sub_parser, full)
        if sub_help and not sub_parser.description:
            described[2:2] = [sub_help[0].upper() + sub_help[1:] + ".", ""]
        lines += described
    return lines


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
