"""Every script in examples/ runs, and the seven-steps example ends sufficient."""

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import strengthmodel as sm

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path):
    """Each example exits with status 0."""
    result = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_seven_steps_example_reaches_every_step(capsys):
    """The tutorial's example makes all seven steps sufficient in 17 revisions."""
    module = runpy.run_path(str(EXAMPLES[[p.name for p in EXAMPLES].index("seven_steps.py")]))
    plan = module["main"]()
    capsys.readouterr()
    assert {r.status for r in sm.progress(plan).values()} == {sm.StepStatus.SUFFICIENT}
    assert plan.revision == 17


def test_readme_lists_every_example():
    """A new example is announced where users look first."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in EXAMPLES if f"`{p.name}`" not in readme] == []
