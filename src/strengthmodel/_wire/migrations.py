"""The registry of format migrations (kept free of the codec, so plans can register theirs).

The library's own registry, [`migrations`][strengthmodel.serialization.migrations],
lives here so that modules above the codec (the plans, which upgrade version-1
histories by computing their hash chain) can register steps when they are imported,
without importing cattrs. [`strengthmodel.serialization`][strengthmodel.serialization]
re-exports both names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from strengthmodel._describe import describe_value
from strengthmodel.errors import (
    MigrationError,
    Problem,
    StrengthModelError,
    UnsupportedVersionError,
)

__all__ = ["FORMAT_VERSION", "Migration", "Migrations", "migrations"]

FORMAT_VERSION: Final = 2
"""The wire format version this library writes (and the newest it reads).

Version 2 added the history's hash chain (``digest`` on each history entry) and the
optional ``signature`` of a plan document; version-1 documents are upgraded on load.
"""


Migration = Callable[[dict[str, Any]], dict[str, Any]]


class Migrations:
    """A registry of migrations that upgrade documents one format version at a time.

    A migration registered ``from_version=n`` receives a document (a dict, with its
    ``"format"`` and ``"version"`` keys) written in version *n* and returns it in
    version *n + 1*; the registry sets the new ``"version"``. The library's own
    registry is [`migrations`][strengthmodel.serialization.migrations]; tests and
    applications can build their own and pass it to [`loads`][strengthmodel.loads].

    Args:
        current: The version documents are upgraded to.

    Examples:
        >>> registry = Migrations(current=2)
        >>> @registry.register(from_version=1)
        ... def rename_mastery(doc):
        ...     return {**doc, "renamed": True}
        >>> registry.upgrade({"format": "strengthmodel.goal", "version": 1})["version"]
        2
    """

    def __init__(self, *, current: int = FORMAT_VERSION) -> None:
        """Start an empty registry upgrading to ``current``."""
        self.current = current
        self._steps: dict[int, Migration] = {}

    def register(self, *, from_version: int) -> Callable[[Migration], Migration]:
        """Register a function that upgrades version ``from_version`` by one."""

        def decorator(step: Migration) -> Migration:
            if from_version in self._steps:
                msg = f"a migration from version {from_version} is already registered"
                raise StrengthModelError(msg)
            self._steps[from_version] = step
            return step

        return decorator

    def upgrade(self, document: dict[str, Any]) -> dict[str, Any]:
        """Upgrade a document to the current version, step by step.

        Raises:
            UnsupportedVersionError: The version is not an integer from 1 up, or is
                newer than ``current``.
            MigrationError: A step is missing or fails.
        """
        if "version" not in document:
            raise UnsupportedVersionError([Problem.at(("$", "version"), "required key missing")])
        version = document.get("version")
        if type(version) is not int or version < 1:
            raise UnsupportedVersionError(
                [
                    Problem.at(
                        ("$", "version"),
                        "expected a format version (1, 2, ...), got "
                        f"{describe_value(version, number=True, wire=True)}",
                    )
                ]
            )
        if version > self.current:
            raise UnsupportedVersionError(
                [
                    Problem.at(
                        ("$", "version"),
                        f"this document is format version {version}, newer than this "
                        f"library reads ({self.current}); upgrade strengthmodel to read it",
                    )
                ]
            )
        while version < self.current:
            step = self._steps.get(version)
            if step is None:
                raise MigrationError(
                    [Problem.at(("$", "version"), f"no migration from format version {version}")]
                )
            try:
                document = step(dict(document))
            except StrengthModelError:
                raise
            except Exception as error:
                # Only the exception's type: its message may quote the document.
                raise MigrationError(
                    [
                        Problem(
                            "$",
                            f"migration from version {version} failed "
                            f"({type(error).__name__}; see the exception's cause)",
                        )
                    ]
                ) from error
            version += 1
            document["version"] = version
        return document


migrations = Migrations()
"""The library's migration registry (version 1 to 2: see `strengthmodel.plans.changes`)."""
