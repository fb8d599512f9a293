"""The strengthmodel command line."""

import pytest

from strengthmodel.cli import main


def test_demo_prints_each_step_and_writes_the_plan(tmp_path, capsys):
    """The demo walks seven steps, ends all sufficient, and writes the summary file."""
    out = tmp_path / "plan.md"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert [line for line in printed.splitlines() if line.startswith("Step ")] == [
        "Step 1: Listen",
        "Step 2: Meet the client where they are",
        "Step 3: Focus on strengths",
        "Step 4: Challenge",
        "Step 5: Assess strengths",
        "Step 6: Set achievable goals",
        "Step 7: Plan to stay well",
    ]
    assert printed.count("    status: sufficient") == 7
    assert "    progress: [x]1 [x]2 [x]3 [x]4 [x]5 [x]6 [x]7" in printed
    assert "All seven steps are sufficient." in printed
    assert f"Wrote the plan (34 changes) to {out}" in printed
    assert out.read_text(encoding="utf-8").startswith("# Plan plan-demo for client-demo")


def test_demo_output_contains_nothing_sensitive(tmp_path, capsys):
    """Names, phone numbers and the client's words never reach the terminal."""
    main(["demo", "--out", str(tmp_path / "p.md")])
    printed = capsys.readouterr().out
    for secret in ("Robin", "+44 7700", "116 123", "lost my job", "Local crisis line"):
        assert secret not in printed


def test_demo_reports_unwritable_output(tmp_path, capsys):
    """An output path in a missing folder gives exit status 1 and a one-line error."""
    assert main(["demo", "--out", str(tmp_path / "no" / "such" / "dir" / "p.md")]) == 1
    assert capsys.readouterr().err.startswith("strengthmodel: error: ")


def test_unknown_command_exits_with_usage(capsys):
    """Argparse rejects unknown commands with status 2."""
    with pytest.raises(SystemExit) as error:
        main(["frobnicate"])
    assert error.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
