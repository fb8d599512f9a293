"""A caseload as JSON Lines: write many plans to one file and read them back lazily.

Run it with ``python examples/caseload_lines.py [--out FILE]``. Everything in it is
fictional. It writes 200 small plans, one canonical document per line, to FILE (a
temporary file by default), reads them back one at a time, counts the concerns, and
shows how a damaged line is reported with its line number.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import repeat
from pathlib import Path

import strengthmodel as sm

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def caseload(size: int) -> Iterator[sm.Plan]:
    """Small fictional plans, built one at a time (never all in memory at once)."""
    for number in range(size):
        opened = START + timedelta(days=number)
        yield (
            sm.PlanBuilder(
                f"client-{number:04d}", author="clinician-7", clock=repeat(opened).__next__
            )
            .add_concern("Sleeping badly since the move")
            .add_strength("Keeps a daily routine", sm.StrengthCategory.SKILL, id="s1")
            .build()
        )


def main(argv: list[str] | None = None) -> int:
    """Write the caseload, read it back, and show an error on a damaged copy."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, help="the .jsonl file (default: a temp one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="strengthmodel-") as folder:
        path = args.out or Path(folder) / "caseload.jsonl"
        with path.open("wb") as out:
            written = sm.dump_lines(caseload(200), out)
        with path.open("rb") as stream:
            concerns = sum(len(plan.concerns) for plan in sm.iter_loads(stream))
        print(f"wrote {written} plans ({path.stat().st_size} bytes), read {concerns} concerns")

        lines = path.read_bytes().splitlines()
        lines[41] = lines[41].replace(b'"revision":3', b'"revision":"3"', 1)
        try:
            for _ in sm.iter_loads(lines):
                pass
        except sm.ValidationError as error:
            print(f"damaged copy: line {error.line}: {error.problems[0].path}")
    return written


if __name__ == "__main__":
    main()
