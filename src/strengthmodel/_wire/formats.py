"""The wire forms of dates, times and union tags, written once for every decoder.

A date is ``YYYY-MM-DD``; a timestamp is ISO 8601 with seconds and an offset (``Z`` or
``+HH:MM``), optionally with up to six decimals of seconds. The regular expressions are
also what the JSON Schema publishes.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["DATETIME_PATTERN", "DATETIME_RE", "DATE_PATTERN", "DATE_RE", "TAG"]

DATE_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}$"
"""A calendar date as ``YYYY-MM-DD``."""

DATETIME_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
"""A date and time with an offset, as ``YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+HH:MM)``."""

DATE_RE: Final = re.compile(DATE_PATTERN)
DATETIME_RE: Final = re.compile(DATETIME_PATTERN)

TAG: Final = "type"
"""The key that names the record type inside a tagged union (its stable ``kind``)."""
