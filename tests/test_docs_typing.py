"""Every Python example in README.md and docs/ type-checks under mypy --strict.

The examples are what users copy, often into code checked with mypy --strict, so an
example that only works at run time is a bug. Each page's ``python`` blocks are joined
into one module (a page's examples build on each other) after a short prelude that
declares, with types, what the page's prose says the reader already has ("given a
plan"), and the modules are checked together in one mypy run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRELUDE = """\
# What the pages' prose assumes the reader has already (their own code or data).
from collections.abc import Callable

import strengthmodel as sm

plan: sm.Plan
caseload: list[sm.Plan]
stored_plan: sm.Plan
plan_with_new_skill: sm.Plan
secret: bytes
levels_by_client: list[list[int]]
weights: list[int]
before: float
after: float
answers: dict[str, int | None]
my_exporter: Callable[[sm.Plan], object]
render_safety_card: Callable[[sm.Plan], str]
my_report: Callable[[sm.Plan], str]
"""

# Pages whose examples call into libraries that ship without type information.
UNTYPED_CALLS = {"docs/how-to/simulate-at-scale.md"}


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def python_blocks(page: Path) -> list[str]:
    """The page's ``python`` code blocks, except interactive (``>>>``) ones."""
    blocks = re.findall(
        r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE
    )
    return [block for block in blocks if ">>>" not in block]


def test_docs_examples_type_check_strictly(tmp_path):
    """Mypy --strict finds nothing in the examples of README.md and docs/."""
    written = []
    for page in pages():
        blocks = python_blocks(page)
        if not blocks:
            continue
        relative = page.relative_to(ROOT).as_posix()
        header = PRELUDE
        if relative in UNTYPED_CALLS:
            header = '# mypy: disable-error-code="no-untyped-call"\n' + header
        name = re.sub(r"\W", "_", relative.removesuffix(".md"))
        module = tmp_path / f"{name}.py"
        module.write_text(header + "\n\n" + "\n\n".join(blocks), encoding="utf-8")
        written.append(module)
    assert len(written) >= 10
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            *map(str, written),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
