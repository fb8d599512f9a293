"""A web form's backend: load a plan a browser sent, and point at each bad field.

A clinical web app receives a plan as JSON. When it is invalid, the app answers with one
entry per problem: the field's location (segments, ready to find the form field) and
the message. Client words never reach the answer: text that should have been an id is
described, not quoted. Then a caseload of plans is checked in one pass. Run it:

    python examples/form_errors.py
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from itertools import count

import strengthmodel as sm

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def example_plan(pseudonym: str = "client-0042") -> sm.Plan:
    """A small fictional plan, as the app stores it."""
    ticks = count()
    return (
        sm.PlanBuilder(
            pseudonym,
            author="clinician-7",
            clock=lambda: START + timedelta(minutes=next(ticks)),
            plan_id=f"plan-{pseudonym}",
        )
        .add_strength("Keeps a daily routine", sm.StrengthCategory.SKILL, id="s1")
        .add_goal("Walk three times a week", id="g1", strength_ids=["s1"], importance=2)
        .build()
    )


def check(body: bytes) -> list[dict[str, object]]:
    """What the endpoint answers: [] for a valid plan, else one entry per problem."""
    try:
        sm.loads(body, sm.Plan)
    except sm.ValidationError as error:
        return [{"location": list(p.location), "message": p.message} for p in error.problems]
    return []


def main() -> list[list[dict[str, object]]]:
    """Send four documents to the endpoint, then check a caseload with two bad lines."""
    good = sm.dumps(example_plan())
    answers = [check(good.encode())]

    document = json.loads(good)
    document["goals"][0]["importance"] = 3.7  # a number where an integer belongs
    document["goals"][0]["colour"] = "blue"  # a key the record does not have
    answers.append(check(json.dumps(document).encode()))

    document = json.loads(good)
    document["client"]["pseudonym"] = "Robin Example"  # a name typed into the id box
    answers.append(check(json.dumps(document).encode()))

    document = json.loads(good)
    document["goals"][0]["strength_ids"] = ["s1", "s9"]  # s9 is not in the plan
    answers.append(check(json.dumps(document).encode()))

    for answer in answers:
        print(json.dumps(answer))

    lines = [sm.dumps(example_plan(f"client-{n:04d}")).encode() for n in range(5)]
    lines[1] = lines[1].replace(b'"importance":2', b'"importance":"2"')
    lines[3] = lines[3][:100]  # a line cut short
    errors = [
        item
        for item in sm.iter_loads(lines, on_error="yield")
        if isinstance(item, sm.ValidationError)
    ]
    for error in errors:
        print(f"line {error.line}: {error.problems[0]}")
    return answers


if __name__ == "__main__":
    main()
