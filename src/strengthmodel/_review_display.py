"""Rich display of the review's findings (HTML and Markdown).

[`Finding`][strengthmodel.Finding] and [`Findings`][strengthmodel.Findings] call these
from their reprs. A finding's message holds ids only, never the client's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from strengthmodel._html import escape, markdown_cell, markdown_escape, root, table

if TYPE_CHECKING:
    from strengthmodel.findings import Finding

__all__ = ["finding_html", "findings_html", "findings_markdown"]

_HEADER = ("severity", "code", "records", "message")


def _finding_row(finding: Finding) -> tuple[str, ...]:
    severity = finding.severity.value
    return (
        f'<span class="badge {escape(severity)}">{escape(severity)}</span>',
        f"<code>{escape(finding.code)}</code>",
        " ".join(f"<code>{escape(r)}</code>" for r in finding.records),
        escape(finding.message),
    )


def findings_html(findings: Sequence[Finding]) -> str:
    """The review's findings as a table: severity, code, records, message."""
    if not findings:
        return root("Review: no findings", ())
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
    tally = ", ".join(f"{n} {severity}" for severity, n in counts.items())
    return root(
        f"Review: {len(findings)} findings ({tally})",
        (table(_HEADER, [_finding_row(f) for f in findings]),),
    )


def findings_markdown(findings: Sequence[Finding]) -> str:
    """The review's findings as a Markdown table."""
    if not findings:
        return "**Review: no findings**\n"
    md = markdown_escape
    lines = [
        f"**Review: {len(findings)} findings**",
        "",
        "| severity | code | records | message |",
        "|---|---|---|---|",
        *(
            f"| {f.severity.value} | {md(f.code)} | {md(', '.join(f.records))} | "
            f"{markdown_cell(f.message)} |"
            for f in findings
        ),
    ]
    return "\n".join(lines) + "\n"


def finding_html(finding: Finding) -> str:
    """One finding, as a one-row table."""
    return root(f"Finding {finding.code}", (table(_HEADER, [_finding_row(finding)]),))
