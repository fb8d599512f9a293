"""Hand a plan on: a FHIR R4B bundle for the health record, pages for client and clinician.

Run it with ``python examples/exchange.py [--out FOLDER]``. Everything in it is fictional.
It writes ``bundle.json`` (FHIR, nothing sensitive), ``my-plan.html`` (the client's own
page, which holds their words and contacts) and ``summary.md`` (the clinician summary,
names withheld) to FOLDER (a temporary folder, removed afterwards, by default), then
reads the bundle back.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import strengthmodel as sm
from strengthmodel.demo import demo_plan


def main(argv: list[str] | None = None) -> sm.Plan:
    """Export the demo plan to FHIR and back, and render both pages."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, help="folder for the files (default: a temp one)")
    args = parser.parse_args(argv)
    if args.out is None:
        with tempfile.TemporaryDirectory(prefix="strengthmodel-") as folder:
            return write(Path(folder))
    args.out.mkdir(parents=True, exist_ok=True)
    return write(args.out)


def write(out: Path) -> sm.Plan:
    """Write the three files to ``out`` and return the plan read back from FHIR."""
    plan = demo_plan()
    bundle = sm.to_fhir(plan)  # privacy by default: no names, words or contacts
    (out / "bundle.json").write_text(json.dumps(bundle, indent=2), encoding="utf-8")
    kinds = Counter(entry["resource"]["resourceType"] for entry in bundle["entry"])
    print("FHIR bundle:", ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))

    # For the client's own care team, with everything: it reads back field for field.
    back = sm.from_fhir(sm.to_fhir(plan, include_sensitive=True))
    assert [g.statement for g in back.goals] == [g.statement for g in plan.goals]
    print("Read back:", back, "imported by", back.history[-1].author)

    page = sm.render(plan, include_sensitive=True)  # the client's page needs this
    (out / "my-plan.html").write_text(page, encoding="utf-8")
    summary = sm.render(plan, format="markdown", audience="clinician", today=date(2026, 4, 27))
    (out / "summary.md").write_text(summary, encoding="utf-8")
    print(f"Wrote bundle.json, my-plan.html and summary.md to {out}")
    return back


if __name__ == "__main__":
    main()
