"""Generated code you can debug: a readable file name for every generated function.

As attrs does for its generated methods (``_make.py``), the source of each generated
function is registered in ``linecache`` under a name such as
``<strengthmodel generated check Goal>``, so tracebacks, profilers and debuggers show
which class it belongs to and the generated line itself, instead of ``<string>``.
"""

from __future__ import annotations

import linecache
from typing import Any

__all__ = ["generate"]


def generate(source: str, label: str, namespace: dict[str, Any]) -> None:
    r"""Run generated ``source`` in ``namespace`` under ``<strengthmodel generated {label}>``.

    Examples:
        >>> namespace = {}
        >>> generate("def double(x):\n    return 2 * x\n", "example", namespace)
        >>> namespace["double"].__code__.co_filename
        '<strengthmodel generated example>'
        >>> linecache.getline("<strengthmodel generated example>", 2)
        '    return 2 * x\n'
    """
    filename = f"<strengthmodel generated {label}>"
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - generated from our own annotations
