"""The markup toolkit of every display: escaping, the scoped root, tables, numbers, SVG.

Each package renders its own objects (``plans/_display.py``, ``coping/_display.py``, ...)
with these helpers; this module knows nothing of plans or records and imports nothing from
the rest of the library, so any layer may use it.

The output is safe by default, like every other output of the library:

- every interpolated string is escaped with ``escape`` (``html.escape``, quotes
  included, characters no document may hold replaced), and the
  markup is well-formed XML, so it can be parsed as well as displayed;
- it is self-contained: a little inline CSS and inline SVG, no scripts, nothing loaded
  from the network.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

__all__ = [
    "escape",
    "figure_svg",
    "markdown_cell",
    "markdown_escape",
    "number",
    "root",
    "table",
]

# Scoped to the output's root element (class "sm"), so nothing leaks into the page; colours
# keep their meaning on light and dark notebook themes.
_STYLE: Final = (
    "<style>"
    ".sm{font-family:system-ui,sans-serif;font-size:13px;line-height:1.4}"
    ".sm table.grid{border-collapse:collapse;margin:4px 0;font-size:inherit;display:table}"
    ".sm th,.sm td{border:1px solid #8884;padding:2px 8px;text-align:left}"
    ".sm .num{text-align:right;font-variant-numeric:tabular-nums}"
    ".sm code{white-space:nowrap}"
    ".sm .badges{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}"
    ".sm .badge{border-radius:10px;padding:1px 9px;border:1px solid #8886;white-space:nowrap}"
    ".sm .count{padding:1px 6px;border-bottom:1px solid #8886}"
    ".sm .sufficient{background:#1b9e7733}"
    ".sm .in-progress{background:#e6ab0240}"
    ".sm .not-started{background:#8881}"
    ".sm .concern{background:#d9020233}"
    ".sm .warning{background:#e6ab0240}"
    ".sm .info{background:#3b82f626}"
    ".sm .muted{opacity:.7}"
    "</style>"
)

# Characters that neither XML 1.0 nor HTML allows in text: control characters (tab and
# line breaks aside), lone surrogates and the noncharacters U+FFFE and U+FFFF.
_UNSAFE_CHARS: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def escape(value: object) -> str:
    """Escape any value for HTML text and attributes (quotes included).

    Characters no document may hold become U+FFFD, so the markup always parses.

    Examples:
        >>> escape("<b title='x'>")
        '&lt;b title=&#x27;x&#x27;&gt;'
    """
    return html.escape(_UNSAFE_CHARS.sub("\ufffd", str(value)), quote=True)


def root(title: str, body: Iterable[str]) -> str:
    """Wrap a repr's already-escaped body in the scoped root element, with its heading."""
    return f'<div class="sm">{_STYLE}<strong>{escape(title)}</strong>{"".join(body)}</div>'


def table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table of already-escaped cells; ``numeric`` are the right-aligned columns."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    # A class of its own keeps host styles for bare tables (table:not([class])) off it.
    return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def number(value: float | None, digits: int = 2) -> str:
    """A number for a table: fixed decimals, ``n/a`` when missing.

    Examples:
        >>> number(3), number(0.5), number(None), number(float("nan"), 1)
        ('3', '0.50', 'n/a', 'n/a')
    """
    if value is None or math.isnan(value):
        return "n/a"
    if type(value) is int:
        return str(value)
    return f"{value:.{digits}f}"


# --- Markdown ----------------------------------------------------------------------------


# Characters that can open inline markup anywhere in a line (CommonMark), and what can
# open a block at the start of one; both are backslash-escaped.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&!])")
_MD_BLOCK = re.compile(r"^(\s*)([-+#]+(?=\s|$)|>|=+(?=\s*$)|\d{1,9}[.)](?=\s|$))")


def markdown_escape(value: object) -> str:
    r"""Escape text for CommonMark so that it always reads as text, never as markup.

    Line breaks become spaces; characters that could start markup are backslash-escaped.

    Examples:
        >>> print(markdown_escape("<img src=x onerror=alert(1)> *hi*"))
        \<img src=x onerror=alert(1)\> \*hi\*
        >>> print(markdown_escape("1. not a list"))
        1\. not a list
        >>> print(markdown_escape("-1 and 40.5 stay as they are"))
        -1 and 40.5 stay as they are
    """
    if value is None:
        return ""
    # CommonMark reads NUL as U+FFFD anyway; say so here rather than leave it to the parser.
    text = " ".join(str(value).replace("\0", "\ufffd").split())
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_BLOCK.sub(lambda m: f"{m[1]}{m[2][:-1]}\\{m[2][-1]}", text)


def markdown_cell(value: object) -> str:
    r"""Text for a Markdown table cell: escaped, with its pipes escaped too.

    Examples:
        >>> print(markdown_cell("a | b"))
        a \\| b
    """
    return markdown_escape(value).replace("|", "\\|")


# --- SVG ---------------------------------------------------------------------------------


_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
# matplotlib styles every element of the page ("*{...}") from inside its SVG; the same
# properties set on the root are inherited by the drawing alone.
_SVG_STYLE = re.compile(r"<style[^>]*>.*?</style>\s*", re.DOTALL)


def figure_svg(figure: Any) -> str:  # noqa: ANN401 - matplotlib ships its own types
    """A matplotlib figure as inline SVG: text as text, no metadata, no XML prologue."""
    import matplotlib as mpl  # noqa: PLC0415 - optional

    buffer = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "strengthmodel"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    svg = _SVG_STYLE.sub("", _SVG_METADATA.sub("", text[text.index("<svg") :]))
    return svg.replace("<svg ", '<svg style="stroke-linejoin:round;stroke-linecap:butt" ', 1)
