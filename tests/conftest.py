"""Shared test configuration: Hypothesis profiles."""

import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=60, deadline=timedelta(seconds=2))
# CI is deterministic (derandomize): a submission must not land or fail by chance. The
# random "explore" profile is for hunting bugs locally: HYPOTHESIS_PROFILE=explore.
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "explore",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)

# Tests that need an optional extra (plot, sim, dask, fhir, render), by node id prefix, in
# one place: they are marked `extras`, and scripts/test-min-versions, which installs only
# the core dependencies (at their lowest versions), deselects them.
NEEDS_EXTRAS = (
    "tests/interop/test_fhir.py",  # fhir.resources validates the bundles
    "tests/test_rendering.py",  # jinja2
    "tests/plans/test_dates.py::test_clinician_summary_defaults",
    "tests/test_cli_commands.py::test_render_and_graph_write_each_format",
    "tests/test_docs.py::test_page_examples[client-plan.md]",
    "tests/test_docs.py::test_page_examples[fhir.md]",
    "tests/test_docs.py::test_page_examples[simulate.md]",
    "tests/test_examples.py::test_example_runs[exchange.py]",
    "tests/test_examples.py::test_example_runs[simulate_plan.py]",
    "tests/test_examples.py::test_example_runs[caseload_report.py]",  # pandas
    "tests/coping/test_graph.py::test_plot_draws_the_ladder",  # matplotlib
    "tests/simulation/test_cli.py::test_simulate_reads_parameters",  # pandas
    "tests/simulation/test_errors.py::test_sweep_errors",
    "tests/simulation/test_errors.py::test_fit_errors",  # scipy
    "tests/simulation/test_draws.py",  # scipy.stats
    "tests/simulation/test_arguments.py",  # pandas
    "tests/simulation/test_cli_workers.py::test_workers_give_the_same_results",  # pandas
    "tests/simulation/test_example.py",
    "tests/simulation/test_model.py",
    "tests/simulation/test_results.py",
    "tests/simulation/test_sweep_and_fit.py",
    "tests/simulation/test_reproducibility.py::test_same_result_on_a_dask_cluster",
    "src/strengthmodel/rendering.py::strengthmodel.rendering.render",
    "src/strengthmodel/simulation/compare.py",
    "src/strengthmodel/simulation/run.py::strengthmodel.simulation.run.simulate",
    "src/strengthmodel/simulation/sweep.py",
    "tests/test_analysis.py",  # pandas (the analysis extra)
    "tests/test_display.py",  # matplotlib and pandas for the drawings and simulation reprs
    "tests/test_display_browser.py",
    "tests/test_notebooks.py",  # a Jupyter kernel (the notebook extra)
    "tests/test_docs_typing.py",  # mypy (the lint group)
    "tests/plans/test_editing.py::test_generated_methods_are_up_to_date",  # ruff
    "tests/test_docs.py::test_page_examples[jupyter.md]",
    "src/strengthmodel/analysis.py",
    "src/strengthmodel/_show.py",
    "tests/test_safety.py::test_the_caseload_has_a_safety_concern_column",  # pandas
    "tests/test_safety.py::test_the_plan_display_and_clinician_summary",  # jinja2
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that need an optional extra (see NEEDS_EXTRAS)."""
    for item in items:
        if item.nodeid.startswith(NEEDS_EXTRAS):
            item.add_marker(pytest.mark.extras)
