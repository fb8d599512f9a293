"""The example notebooks: stored clean, and executed top to bottom on a real kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).parents[1] / "examples" / "notebooks"
NAMES = ["first-plan", "caseload-outcomes", "simulate-plans"]


def read(name: str):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def test_the_three_notebooks_are_there_and_nothing_else():
    """examples/notebooks holds exactly the three documented notebooks."""
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_valid_and_without_outputs(name):
    """No outputs, no execution counts, no widget state: outputs belong to the docs build."""
    book = read(name)
    nbformat.validate(book)
    assert book.metadata.kernelspec.name == "python3"
    assert set(book.metadata) <= {"kernelspec", "language_info"}
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == []
        assert cell.execution_count is None
    assert book.cells[0].cell_type == "markdown"
    assert book.cells[0].source.startswith("# ")


def execute(name: str, tmp_path: Path):
    book = read(name)
    client = nbclient.NotebookClient(
        book,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    return book


def outputs(book) -> list[dict]:
    return [output for cell in book.cells if cell.cell_type == "code" for output in cell.outputs]


def html_outputs(book) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for o in outputs(book))


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name, tmp_path):
    """Every cell runs without error on a real kernel, and the rich displays appear."""
    book = execute(name, tmp_path)
    found = outputs(book)
    assert not [o for o in found if o.output_type == "error"]
    assert not [o for o in found if o.output_type == "stream" and o.name == "stderr"]
    html = html_outputs(book)
    images = [o for o in found if "image/png" in o.get("data", {})]
    if name == "first-plan":
        assert '<div class="sm">' in html
        assert html.count('<span class="badge sufficient"') >= 7
        assert "Review: 2 findings" in html
        assert "Goal attainment on 2026-03-30" in html
        # Default displays show no client words; only the explicit sm.show cell shows names.
        everything = "\n".join(str(o) for o in found)
        assert "get going" not in everything
        assert html.count("Sand a piece in the shed") == 1
    elif name == "caseload-outcomes":
        assert len(images) == 2
        assert 'class="dataframe"' in html
        printed = "".join(o.get("text", "") for o in found if o.output_type == "stream")
        assert "PHQ-9 totals of 40 plans" in printed
        assert "plan-0001" in html
    else:
        assert len(images) == 2
        assert "Comparison: 400 paired clients, 26 weeks" in html
        assert "Simulation: 2 plans x 200 clients, 26 weeks, seed 1" in html
