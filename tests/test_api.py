"""The public namespace: exported once, sorted, documented, importable quickly."""

import inspect
import subprocess
import sys
from pathlib import Path

import strengthmodel


def test_all_is_sorted_and_unique():
    """__all__ is sorted and lists each public name once."""
    names = strengthmodel.__all__
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_every_public_name_is_exported_and_documented():
    """Each name in __all__ exists and (except __version__) has a docstring of its own."""
    for name in strengthmodel.__all__:
        obj = getattr(strengthmodel, name)
        if name == "__version__":
            continue
        assert inspect.getdoc(obj), f"{name} has no docstring"


def test_public_names_appear_in_the_api_reference():
    """docs/reference/api.md documents every public name."""
    text = (Path(__file__).parents[1] / "docs" / "reference" / "api.md").read_text()
    missing = [
        n for n in strengthmodel.__all__ if n != "__version__" and f"strengthmodel.{n}" not in text
    ]
    assert missing == []


def test_import_does_not_load_optional_or_heavy_modules():
    """Import strengthmodel loads neither networkx, numpy nor hypothesis."""
    code = (
        "import sys, strengthmodel; "
        "print(sorted(m for m in ('networkx', 'numpy', 'hypothesis', 'cattrs') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


PUBLIC_MODULES = ("strengthmodel", "strengthmodel.ops", "strengthmodel.testing")


def test_every_public_object_has_exactly_one_public_path():
    """No object is exported under two public names (an alias, or in two public modules)."""
    import importlib  # noqa: PLC0415

    paths: dict[int, list[str]] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if not callable(obj) and not inspect.ismodule(obj):
                continue  # constants and tables are documented where they are defined
            paths.setdefault(id(obj), []).append(f"{module_name}.{name}")
            assert inspect.getdoc(obj), f"{module_name}.{name} has no docstring"
    assert [p for p in paths.values() if len(p) > 1] == []


def test_id_types_have_their_own_docstrings():
    """Each exported id type says what it identifies."""
    assert strengthmodel.GoalId.__doc__ == "The id of a goal record (a plain string at run time)."
    assert strengthmodel.PlanId.__doc__ == "The id of a plan (a plain string at run time)."
