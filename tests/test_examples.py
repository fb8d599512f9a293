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


def test_form_errors_example_locates_every_problem(capsys):
    """The form backend's answers: each problem's location and message, no client words."""
    module = runpy.run_path(str(EXAMPLES[[p.name for p in EXAMPLES].index("form_errors.py")]))
    answers = module["main"]()
    out = capsys.readouterr().out
    assert answers == [
        [],
        [
            {
                "location": ["$", "goals", 0, "importance"],
                "message": "expected an integer from 0 to 3, got 3.7",
            },
            {"location": ["$", "goals", 0, "colour"], "message": "unexpected key"},
        ],
        [
            {
                "location": ["$", "client", "pseudonym"],
                "message": "expected an id-like pseudonym, got text of 13 characters with a space",
            }
        ],
        [
            {
                "location": ["$", "goals", 0, "strength_ids", 1],
                "message": "goal 'g1' refers to strength 's9', which is not in the plan",
            }
        ],
    ]
    assert "Robin" not in out
    assert out.splitlines()[-2:] == [
        (
            "line 2: $.history[2].change.record.importance: expected an integer from 0 to 3, "
            "got text of 1 character"
        ),
        "line 4: $: not valid JSON: unexpected end of data: column 101 (char 100)",
    ]
