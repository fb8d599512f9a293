"""The review, render, graph, export fhir and import fhir commands, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import strengthmodel as sm
from strengthmodel.cli import main, reference_markdown
from strengthmodel.demo import demo_plan

ROOT = Path(__file__).parents[1]
COMMANDS = {
    "review": ["review"],
    "render": ["render", "--include-sensitive"],
    "graph": ["graph"],
    "export fhir": ["export", "fhir"],
    "import fhir": ["import", "fhir"],
}


def cli(*args: str, stdin: str | None = None, cwd: Path | None = None):
    """Run the command line in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "strengthmodel.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    plan = demo_plan()
    found = {
        "plan": folder / "plan.json",
        "bundle": folder / "bundle.json",
        "not-json": folder / "notes.txt",
        "goal": folder / "goal.json",
        "future": folder / "future.json",
        "folder": folder,
        "missing": folder / "missing.json",
    }
    found["plan"].write_text(sm.dumps(plan), encoding="utf-8")
    found["bundle"].write_text(json.dumps(sm.to_fhir(plan)), encoding="utf-8")
    found["not-json"].write_text("just some notes\n", encoding="utf-8")
    found["goal"].write_text(sm.dumps(plan.goals[0]), encoding="utf-8")
    future = json.loads(sm.dumps(plan))
    future["version"] = 99
    found["future"].write_text(json.dumps(future), encoding="utf-8")
    return found


BAD = {
    "missing": "missing.json: no such file",
    "folder": "is a directory, expected a file",
    "not-json": "notes.txt: $: not valid JSON",
    "goal": "goal.json: $.format: expected 'strengthmodel.plan', got 'strengthmodel.goal'",
    "future": "future.json: $.version: this document is format version 99, newer than",
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", BAD)
def test_bad_input_prints_one_line_and_exits_2(files, command, case):
    """Each command refuses unusable input with one clear line and exit status 2."""
    result = cli(*COMMANDS[command], str(files[case]))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("strengthmodel: error: ")
    if command == "import fhir" and case in {"goal", "future"}:
        assert "$.resourceType: expected a FHIR Bundle ('Bundle'), got no resourceType" in lines[0]
    elif command == "import fhir" and case == "not-json":
        assert "notes.txt: not valid JSON" in lines[0]
    else:
        assert BAD[case] in lines[0]


def test_review_prints_findings_and_fails_at_the_chosen_severity(files):
    """Review lists findings as text or JSON; exit 1 only at or above --fail-on."""
    plan = str(files["plan"])
    result = cli("review", plan, "--today", "2026-07-01")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        (
            "SM109 warning: No session since 2026-03-02 (121 days, more than 90): "
            "review the plan with the client. [plan-demo]"
        ),
        (
            "SM111 info: Strength 'strength-woodshop' is not used by any coping skill or goal "
            "yet. [strength-woodshop]"
        ),
        "2 findings",
    ]
    assert cli("review", plan, "--today", "2026-07-01", "--fail-on", "warning").returncode == 1
    assert cli("review", plan, "--today", "2026-07-01", "--fail-on", "info").returncode == 1
    as_json = cli("review", plan, "--today", "2026-07-01", "--format", "json")
    assert [f["code"] for f in json.loads(as_json.stdout)] == ["SM109", "SM111"]
    bad_date = cli("review", plan, "--today", "July")
    assert (bad_date.returncode, bad_date.stderr) == (
        2,
        (
            "strengthmodel: error: --today: expected a date like 2026-07-01, got "
            "text of 4 characters\n"
        ),
    )


def test_stdin_and_output_files(files, tmp_path):
    """'-' reads standard input; -o writes a file and nothing to standard output."""
    text = files["plan"].read_text(encoding="utf-8")
    out = tmp_path / "bundle.json"
    result = cli("export", "fhir", "-", "-o", str(out), stdin=text)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert json.loads(out.read_text(encoding="utf-8")) == sm.to_fhir(demo_plan())
    back = cli("import", "fhir", "-", stdin=out.read_text(encoding="utf-8"))
    assert back.returncode == 0
    plan = sm.loads(back.stdout, sm.Plan)
    assert (plan.id, plan.history[0].author) == ("plan-demo", "fhir-import")


def test_render_and_graph_write_each_format(files, tmp_path, capsys):
    """Render and graph produce each format; the client page needs --include-sensitive."""
    plan = str(files["plan"])
    assert main(["render", plan, "--include-sensitive"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["render", plan, "--audience", "clinician", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Plan plan-demo: clinician summary")
    assert main(["render", plan]) == 2
    assert capsys.readouterr().err == (
        "strengthmodel: error: the client page shows the client's own words and contacts; "
        "add --include-sensitive to render it\n"
    )
    starts = {
        "mermaid": "flowchart LR",
        "dot": "digraph coping {",
        "graphml": "<graphml",
        "node-link": "{",
    }
    for kind, start in starts.items():
        out = tmp_path / f"graph.{kind}"
        assert main(["graph", plan, "--format", kind, "-o", str(out)]) == 0
        assert out.read_text(encoding="utf-8").startswith(start), kind
    assert main(["graph", plan, "-o", str(tmp_path / "no" / "such" / "g.mmd")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_version():
    """--version prints the package version."""
    result = cli("--version")
    assert (result.returncode, result.stdout) == (0, f"strengthmodel {sm.__version__}\n")


def test_cli_reference_page_is_generated_from_the_parser():
    """docs/reference/cli.md is what scripts/cli-reference writes from the parser today."""
    page = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    assert page == reference_markdown(), "run scripts/cli-reference"


# -- one exit-status convention for every command ----------------------------------------
# {file} is the document the command reads; {out} and {key} are an output path and a key.
READERS = {
    "validate": ["validate", "{file}"],
    "review": ["review", "{file}"],
    "render": ["render", "--include-sensitive", "{file}"],
    "graph": ["graph", "{file}"],
    "export fhir": ["export", "fhir", "{file}"],
    "import fhir": ["import", "fhir", "{file}"],
    "simulate": ["simulate", "{file}", "--clients", "5", "--weeks", "2", "--no-progress"],
    "deidentify": ["deidentify", "{file}", "{out}", "--key-file", "{key}"],
}


def _argv(command: str, document: Path, tmp_path: Path) -> list[str]:
    key = tmp_path / "key"
    key.write_text("0f1e2d3c4b5a69788796a5b4c3d2e1f0\n", encoding="utf-8")
    names = {"file": str(document), "out": str(tmp_path / "out.json"), "key": str(key)}
    return [part.format(**names) for part in READERS[command]]


@pytest.mark.parametrize("command", READERS)
@pytest.mark.parametrize("case", ["missing", "invalid"])
def test_every_command_exits_2_for_bad_input_and_validate_1_for_a_finding(
    tmp_path, capsys, command, case
):
    """A missing file is 2 everywhere; an invalid document is 1 for validate, else 2."""
    document = tmp_path / f"{case}.json"
    if case == "invalid":
        document.write_text('{"format": "strengthmodel.plan", "version": 1}', encoding="utf-8")
    status = main(_argv(command, document, tmp_path))
    captured = capsys.readouterr()
    if case == "invalid" and command == "validate":
        assert status == 1
        assert captured.out.splitlines()[0] == f"{document}: invalid (4 problems)"
        assert captured.err == ""
        return
    assert status == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    if case == "missing":
        assert lines == [f"strengthmodel: error: {document}: no such file"]
    elif command == "import fhir":
        assert lines[0].startswith(f"strengthmodel: error: {document}: $.resourceType: expected")
    elif command == "simulate":
        assert lines == [
            (
                f"strengthmodel: error: {document}: not a valid plan (4 problems; first: $.id: "
                f"required key missing); see: strengthmodel validate {document}"
            )
        ]
    else:
        assert lines == [
            f"strengthmodel: error: {document}: $.id: required key missing (and 3 more problems)"
        ]
    assert not (tmp_path / "out.json").exists()


MISSING_EXTRAS = {
    "jinja2": (
        ["render", "--include-sensitive", "{file}"],
        "rendering needs Jinja2: pip install 'strengthmodel[render]'",
    ),
    "pandas": (
        ["simulate", "{file}", "--clients", "5", "--weeks", "2", "--no-progress"],
        "this part of the simulation needs pandas: pip install 'strengthmodel[sim]'",
    ),
}


@pytest.mark.parametrize("module", MISSING_EXTRAS)
def test_a_missing_extra_is_one_line_and_exit_2(files, capsys, monkeypatch, module):
    """Without Jinja2 (render) or pandas (simulate): one line naming the extra, status 2."""
    argv, message = MISSING_EXTRAS[module]
    monkeypatch.setitem(sys.modules, module, None)  # import now fails as if not installed
    status = main([part.format(file=files["plan"]) for part in argv])
    captured = capsys.readouterr()
    assert (status, captured.out, captured.err) == (2, "", f"strengthmodel: error: {message}\n")


def test_an_import_error_without_our_message_names_the_extra(files, capsys, monkeypatch):
    """A bare ModuleNotFoundError of an optional module still gives the extra to install."""

    def missing(*_: object, **__: object) -> str:
        raise ModuleNotFoundError(name="pyarrow")

    monkeypatch.setattr("strengthmodel.interop.fhir.to_fhir", missing)
    assert main(["export", "fhir", str(files["plan"])]) == 2
    assert capsys.readouterr().err == (
        "strengthmodel: error: this command needs pyarrow, which is not installed: "
        "pip install 'strengthmodel[sim]'\n"
    )


def test_usage_errors_exit_2(capsys):
    """Bad arguments are argparse's: the usage, then one error line, and status 2."""
    with pytest.raises(SystemExit) as error:
        main(["review"])
    assert error.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "strengthmodel review: error: the following arguments are required: FILE"
    )
