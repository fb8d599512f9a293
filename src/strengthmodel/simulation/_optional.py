"""Optional dependencies of the simulation, loaded on first use with a clear error."""

from __future__ import annotations

import importlib
from types import ModuleType

from strengthmodel.errors import SimulationError

__all__ = ["require"]


def require(module: str) -> ModuleType:
    """Import an optional module, or say which extra installs it.

    Raises:
        SimulationError: The module is not installed.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        extra = "dask" if module.startswith(("dask", "distributed")) else "sim"
        msg = (
            f"this part of the simulation needs {module.split('.', maxsplit=1)[0]}: "
            f"pip install 'strengthmodel[{extra}]'"
        )
        raise SimulationError(msg) from error
