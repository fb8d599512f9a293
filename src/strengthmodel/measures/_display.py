"""Rich display of instrument scores (HTML).

[`InstrumentScore`][strengthmodel.InstrumentScore] calls this from its ``_repr_html_``:
ids, the edition, numbers and the instrument's own reasons for a critical item only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strengthmodel._html import escape, number, root, table

if TYPE_CHECKING:
    from strengthmodel.measures.instruments import InstrumentScore

__all__ = ["instrument_score_html"]


def instrument_score_html(score: InstrumentScore) -> str:
    """An instrument's total, band, subscales, critical answers and missing items."""
    parts = [
        f"<div>total <b>{number(score.total)}</b>"
        + (f", band <b>{escape(score.band)}</b>" if score.band is not None else "")
        + f' <span class="muted">(edition {escape(score.edition)})</span></div>'
    ]
    if score.subscales:
        parts.append(
            table(
                ("subscale", "score"),
                [(escape(s.id), number(s.value)) for s in score.subscales],
                numeric=(1,),
            )
        )
    if score.flags:
        parts.append(
            table(
                ("critical item", "answer", "why it matters"),
                [
                    (
                        f'<span class="badge concern">{escape(f.item)}</span>',
                        str(f.value),
                        escape(f.reason or ""),
                    )
                    for f in score.flags
                ],
                numeric=(1,),
            )
        )
    if score.missing:
        parts.append(f"<div>unanswered: {escape(', '.join(score.missing))}</div>")
    if score.signature:
        parts.append(f"<div>signature items: {escape(', '.join(score.signature))}</div>")
    return root(f"Score of {score.instrument}", parts)
