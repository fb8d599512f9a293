"""The strengthmodel command line."""

import json
import subprocess
import sys

import pytest

import strengthmodel as sm
from strengthmodel.cli import main
from strengthmodel.demo import demo_plan


def test_demo_prints_each_step_and_writes_the_plan(tmp_path, capsys):
    """The demo walks seven steps, ends all sufficient, and writes the plan as JSON."""
    out = tmp_path / "plan.json"
    summary = tmp_path / "plan.md"
    assert main(["demo", "--out", str(out), "--summary", str(summary)]) == 0
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
    assert f"Wrote the plan (34 changes) as JSON to {out}" in printed
    assert f"Wrote a readable summary to {summary}" in printed
    assert sm.loads(out.read_text(encoding="utf-8"), sm.Plan) == demo_plan()
    assert summary.read_text(encoding="utf-8").startswith("# Plan plan-demo for client-demo")


def test_demo_output_contains_nothing_sensitive(tmp_path, capsys):
    """Names, phone numbers and the client's words never reach the terminal."""
    main(["demo", "--out", str(tmp_path / "p.md")])
    printed = capsys.readouterr().out
    for secret in ("Robin", "+44 7700", "116 123", "lost my job", "Local crisis line"):
        assert secret not in printed


def test_demo_reports_unwritable_output(tmp_path, capsys):
    """An output path in a missing folder gives exit status 2 and a one-line error."""
    out = tmp_path / "no" / "such" / "dir" / "p.md"
    assert main(["demo", "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"strengthmodel: error: {out}: No such file or directory\n"


def test_unknown_command_exits_with_usage(capsys):
    """Argparse rejects unknown commands with status 2."""
    with pytest.raises(SystemExit) as error:
        main(["frobnicate"])
    assert error.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_validate_reports_each_file_and_problem(tmp_path, capsys):
    """Validate prints ok or every problem with its path; exit 1 if any file is invalid."""
    good = tmp_path / "good.json"
    good.write_text(sm.dumps(demo_plan()), encoding="utf-8")
    goal = tmp_path / "goal.json"
    doc = json.loads(sm.dumps(demo_plan().goals[0]))
    doc["importance"] = 3.7
    doc["lifecycle"] = "done"
    goal.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: ok (plan)\n"
    assert main(["validate", str(good), str(goal)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{good}: ok (plan)",
        f"{goal}: invalid (2 problems)",
        (
            "  $.lifecycle: expected one of 'proposed', 'planned', 'accepted', 'active', "
            "'on-hold', 'completed', 'cancelled', 'entered-in-error', 'rejected', got "
            "text of 4 characters"
        ),
        "  $.importance: expected an integer from 0 to 3, got 3.7",
    ]


def test_validate_goes_on_past_a_missing_file_and_exits_2(tmp_path, capsys):
    """A file validate cannot read is an error (status 2, stderr); the others are checked."""
    good, goal = tmp_path / "good.json", tmp_path / "goal.json"
    good.write_text(sm.dumps(demo_plan()), encoding="utf-8")
    goal.write_text("{}", encoding="utf-8")
    missing = tmp_path / "missing.json"
    assert main(["validate", str(missing), str(good), str(goal)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"strengthmodel: error: {missing}: no such file\n"
    assert captured.out.splitlines()[:2] == [f"{good}: ok (plan)", f"{goal}: invalid (1 problem)"]


def test_validate_reads_a_caseload_line_by_line(tmp_path, capsys):
    """A .jsonl caseload: every bad line is listed with its number; the rest still count."""
    plan = demo_plan()
    bad = json.loads(sm.dumps(plan))
    bad["goals"][0]["importance"] = 3.7
    lines = [sm.dumps(plan), "", json.dumps(bad), "{not json", sm.dumps(plan)]
    caseload = tmp_path / "caseload.jsonl"
    caseload.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(caseload)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{caseload}: invalid (3 lines with problems, 1 valid)"
    assert out[1] == "  line 3: $.goals[0].importance: expected an integer from 0 to 3, got 3.7"
    assert out[2].startswith("  line 4: $: not valid JSON: ")
    # The same plan twice: which document is current cannot be told.
    assert out[3] == "  line 5: $.id: plan 'plan-demo' is also on line 1"
    assert len(out) == 4
    good = tmp_path / "good.ndjson"
    good.write_text(sm.dumps(plan) + "\n", encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: ok (1 plan)\n"


def test_validate_stops_a_caseload_at_an_overlong_line(tmp_path, capsys, monkeypatch):
    """Past a line over the limit, where the next line starts is unknown: it is the last."""
    monkeypatch.setattr("strengthmodel.streams.MAX_LINE_BYTES", 100)
    caseload = tmp_path / "caseload.jsonl"
    caseload.write_text("x" * 500 + "\n" + sm.dumps(demo_plan()) + "\n", encoding="utf-8")
    assert main(["validate", str(caseload), str(tmp_path / "none.jsonl")]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{caseload}: invalid (1 line with problems, 0 valid)",
        "  line 1: $: line is longer than the 100-byte limit",
    ]
    assert captured.err == f"strengthmodel: error: {tmp_path / 'none.jsonl'}: no such file\n"


def test_schema_prints_json_schema_and_refuses_unknown_kinds(capsys):
    """Schema KIND prints the kind's JSON Schema; an unknown kind exits 2 listing kinds."""
    assert main(["schema", "goal"]) == 0
    assert json.loads(capsys.readouterr().out) == sm.json_schema(sm.Goal)
    assert main(["schema", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "strengthmodel: error: unknown kind (text of 4 characters); choose from add, assessment,"
    )
    assert err.endswith(", value, warning-sign\n")
    assert err.count("\n") == 1


def test_deidentify_writes_a_research_copy_and_never_prints_the_key(tmp_path, capsys):
    """The deidentify command: a valid plan with no names; the key stays secret."""
    source, target, key = tmp_path / "plan.json", tmp_path / "research.json", tmp_path / "k"
    source.write_text(sm.dumps(demo_plan()), encoding="utf-8")
    key.write_text("0f1e2d3c4b5a69788796a5b4c3d2e1f0\n", encoding="utf-8")
    assert main(["deidentify", str(source), str(target), "--key-file", str(key)]) == 0
    captured = capsys.readouterr()
    research = sm.loads(target.read_text(encoding="utf-8"), sm.Plan)
    assert research == sm.deidentify(demo_plan(), key=b"0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    assert f"Wrote a de-identified copy (34 changes, client {research.client.pseudonym})" in (
        captured.out
    )
    text = target.read_text(encoding="utf-8")
    for secret in ("Robin", "+44 7700", "lost my job", "client-demo", "0f1e2d3c"):
        assert secret not in text
        assert secret not in captured.out + captured.err


def test_deidentify_refuses_without_a_key_or_over_its_input(tmp_path, capsys):
    """No --key-file, a short key, or OUT equal to IN: exit status 2 and one clear line."""
    source = tmp_path / "plan.json"
    source.write_text(sm.dumps(demo_plan()), encoding="utf-8")
    assert main(["deidentify", str(source), str(tmp_path / "out.json")]) == 2
    assert capsys.readouterr().err == (
        "strengthmodel: error: refusing to de-identify without a key: pass --key-file F "
        "(make one with: python -c 'import secrets; print(secrets.token_hex(32))' > F)\n"
    )
    key = tmp_path / "k"
    key.write_bytes(b"tiny")
    assert main(["deidentify", str(source), str(tmp_path / "o.json"), "--key-file", str(key)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("strengthmodel: error: ")
    assert "at least 16 bytes, got 4" in err
    assert err.count("\n") == 1
    assert "tiny" not in err
    key.write_bytes(b"x" * 32)
    assert main(["deidentify", str(source), str(source), "--key-file", str(key)]) == 2
    assert capsys.readouterr().err == (
        "strengthmodel: error: OUT must not be IN (the input is kept)\n"
    )
    missing_key = tmp_path / "no-key"
    assert (
        main(["deidentify", str(source), str(tmp_path / "o.json"), "--key-file", str(missing_key)])
        == 2
    )
    assert (
        capsys.readouterr().err == f"strengthmodel: error: key file {missing_key}: no such file\n"
    )
    assert not (tmp_path / "out.json").exists()
    assert not (tmp_path / "o.json").exists()


def test_validate_reports_a_caseload_it_cannot_read(tmp_path, capsys, monkeypatch):
    """A folder named like a caseload, and a file the system refuses to open."""
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()
    caseload = tmp_path / "caseload.jsonl"
    caseload.write_text(sm.dumps(demo_plan()) + "\n", encoding="utf-8")

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("pathlib.Path.open", refuse)
    assert main(["validate", str(folder), str(caseload)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"strengthmodel: error: {folder}: is a directory, expected a file",
        f"strengthmodel: error: {caseload}: cannot read: Permission denied",
    ]


def test_python_dash_m_strengthmodel_runs_the_command_line(tmp_path):
    """``python -m strengthmodel validate``: 1 for an invalid file, 2 for a missing one."""
    invalid = tmp_path / "invalid.json"
    invalid.write_text('{"format": "strengthmodel.plan", "version": 1}', encoding="utf-8")
    missing = tmp_path / "missing.json"
    runs = {
        path: subprocess.run(
            [sys.executable, "-m", "strengthmodel", "validate", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        for path in (invalid, missing)
    }
    assert runs[invalid].returncode == 1
    assert runs[invalid].stdout.startswith(f"{invalid}: invalid (")
    assert runs[invalid].stderr == ""
    assert (runs[missing].returncode, runs[missing].stdout, runs[missing].stderr) == (
        2,
        "",
        f"strengthmodel: error: {missing}: no such file\n",
    )
