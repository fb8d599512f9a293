"""Privacy by default: every free text is sensitive, and no default output shows one."""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel._fields import Record, sensitive_fields
from strengthmodel.plans.render import summary
from strengthmodel.testing import plans

MARK = "\u27eamark"  # no id, enum value or number can contain it
markers = st.integers(0, 10**9).map(lambda n: f"{MARK}{n}\u27eb")

# Text fields that hold codes from a fixed vocabulary or an instrument definition, never
# free text about a person: the only text fields that may be shown by default.
CODES = {
    ("Client", "pseudonym"),
    ("Client", "preferred_language"),
    ("Assessment", "instrument"),
    ("Assessment", "instrument_version"),
    ("Assessment", "band"),
    ("ItemResponse", "item"),
    ("Score", "name"),
    ("Flag", "item"),
    ("RemoveRecord", "record_id"),
    ("HistoryEntry", "digest"),  # a SHA-256 of the entry, as hex: holds no text
}


def record_types(root: type = sm.Plan) -> set[type[Record]]:
    """Every record type reachable from a plan: records, nested records and changes."""
    found: set[type[Record]] = set()
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.add(cls)
        for hint in typing.get_type_hints(cls).values():
            todo += [t for t in _members(hint) if t not in found]
    return found


def record_types_in_order(root: type = sm.Plan) -> list[type[Record]]:
    """Every record type reachable from a plan, depth first in field order (no repeats)."""
    found: list[type[Record]] = []

    def visit(cls: type[Record]) -> None:
        found.append(cls)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            for member in _members(hints[field.name]):
                if member not in found:
                    visit(member)

    visit(root)
    return found


def sensitive_fields_table() -> str:
    """The privacy how-to's table of sensitive fields, written from the field model."""
    rows = ["| record | sensitive fields |", "| --- | --- |"]
    rows += [
        f"| `{cls.__name__}` | {', '.join(f'`{name}`' for name in names)} |"
        for cls in record_types_in_order()
        if (names := sensitive_fields(cls))
    ]
    return "\n".join(rows) + "\n"


def _members(hint: object) -> Iterator[type[Record]]:
    if isinstance(hint, type) and issubclass(hint, Record):
        yield hint
    for arg in typing.get_args(hint):
        yield from _members(arg)


def _is_text(hint: object) -> bool:
    if hint is str:
        return True
    return any(_is_text(a) for a in typing.get_args(hint) if a is not Ellipsis)


def _holds_id(hint: object) -> bool:
    if isinstance(hint, typing.NewType):
        return True
    return any(_holds_id(a) for a in typing.get_args(hint) if a is not Ellipsis)


def text_fields() -> list[tuple[str, str]]:
    """(class, field) for every field of plain text (ids excluded) in a plan."""
    return sorted(
        (cls.__name__, field.name)
        for cls in record_types()
        for field in attrs.fields(cls)
        if _is_text(hint := typing.get_type_hints(cls)[field.name]) and not _holds_id(hint)
    )


def test_privacy_page_table_is_the_field_model():
    """docs/how-to/privacy.md lists exactly the sensitive fields the records declare."""
    table = sensitive_fields_table()
    page = (Path(__file__).parents[1] / "docs" / "how-to" / "privacy.md").read_text("utf-8")
    assert table in page, f"replace the table in docs/how-to/privacy.md with:\n{table}"
    # Fields the page once left out, each now a row of its own.
    assert "| `Session` | `notes`, `feedback` |" in table
    assert "| `Lapse` | `reflection` |" in table
    assert "| `ReadinessRating` | `behaviour` |" in table
    assert "| `Resource` | `title` |" in table
    assert set(record_types_in_order()) == record_types()


def test_every_free_text_field_is_sensitive_and_hidden_from_reprs():
    """Each text field of every record type is a code or marked sensitive (and repr=False)."""
    fields = text_fields()
    assert len(fields) > 40
    for cls in record_types():
        for field in attrs.fields(cls):
            if (cls.__name__, field.name) in fields and (cls.__name__, field.name) not in CODES:
                assert field.name in sensitive_fields(cls), f"{cls.__name__}.{field.name}"
            if field.name in sensitive_fields(cls):
                assert field.repr is False, f"{cls.__name__}.{field.name} shows in reprs"
    assert set(CODES) <= set(fields)
    assert sensitive_fields(sm.Strength) == ("name", "how_it_helps")
    assert sensitive_fields(sm.CopingSkill) == ("name", "steps")
    assert sensitive_fields(sm.Goal) == ("statement", "measure", "target")
    assert sensitive_fields(sm.GasScale) == ("much_less", "less", "expected", "more", "much_more")


def default_outputs(plan: sm.Plan) -> Iterator[str]:
    """Every output a caller gets without asking for sensitive text."""
    yield repr(plan)
    others = (plan.client, plan.readiness, *plan.coping_links, *plan.history)
    for record in (*plan.records(), *others):
        yield repr(record)
    yield from (repr(entry.change) for entry in plan.history)
    yield summary(plan)
    graph = sm.CopingGraph.from_plan(plan)
    yield from (repr(graph), graph.dot(), graph.mermaid(), graph.graphml())
    yield str(nx.parse_graphml(graph.graphml()).nodes(data=True))  # XML escapes non-ASCII
    yield str(graph.node_link())
    yield repr((graph.single_points_of_failure(), graph.coverage()))
    for trigger in plan.triggers:
        yield repr((graph.strategies_for(trigger.id), graph.suggestions(trigger.id)))
    findings = sm.review(plan, today=date(2026, 5, 1))
    yield repr(findings)
    yield from (sm.dumps(f) for f in findings)
    yield repr((sm.progress(plan), sm.next_steps(plan)))


def bad_value_errors(plan: sm.Plan) -> Iterator[str]:
    """The messages of errors raised for a bad value in each sensitive field."""
    for record in (*plan.records(), plan.client):
        for name in sensitive_fields(type(record)):
            value = getattr(record, name)
            wrong = [value] if value is not None else None
            if wrong is None:
                continue
            with pytest.raises(sm.ValidationError) as error:
                attrs.evolve(record, **{name: wrong})
            yield str(error.value)


@settings(max_examples=60, deadline=None)
@given(plans(max_changes=30, sensitive_text=markers))
def test_no_default_output_shows_a_sensitive_text(plan):
    """Reprs, summary, graph exports, findings, progress and errors show no marker."""
    assert MARK in sm.dumps(plan)  # the markers are there to be found...
    for text in default_outputs(plan):
        assert MARK not in text  # ...and no default output shows one
    for message in bad_value_errors(plan):
        assert MARK not in message


def marked_plan() -> sm.Plan:
    """One record of each kind, every free text a distinct marker."""
    n = iter(range(1000))

    def m() -> str:
        return f"{MARK}{next(n)}\u27eb"

    scale = sm.GasScale(much_less=m(), less=m(), expected=m(), more=m(), much_more=m())
    entries = [sm.DomainEntry(domain=sm.LifeDomain.HEALTH, current_status=m(), priority=1)]
    return (
        sm.PlanBuilder(sm.Client(pseudonym="c1", name=m()), author=m())
        .add_concern(m(), reflection=m(), id="k1")
        .add_session(date(2026, 5, 1), [sm.Step.LISTEN], notes=m(), feedback=m(), id="ses1")
        .add_priority(m(), id="p1")
        .add_value(m(), description=m(), id="v1")
        .add_strength(
            m(), sm.StrengthCategory.FAMILY, how_it_helps=m(), source_concern_id="k1", id="s1"
        )
        .add_goal(m(), measure=m(), target=m(), scale=scale, strength_ids=["s1"], id="g1")
        .rate_goal("g1", 0, date(2026, 5, 1), note=m())
        .add_challenge(m(), goal_id="g1", responsible=m(), id="ch1")
        .add_life_domain_assessment(date(2026, 5, 1), entries, id="lda1")
        .add_trigger(m(), sm.TriggerCategory.SOCIAL_PRESSURE, intensity=5, id="t1")
        .add_warning_sign(m(), trigger_ids=["t1"], action=m(), id="w1")
        .add_support(m(), sm.SupportRole.CRISIS, relation=m(), contact=m(), id="sup1")
        .add_coping_skill(m(), steps=[m(), m()], support_ids=["sup1"], id="c1")
        .link_coping("t1", "c1")
        .add_safety_action(m(), id="sa1")
        .add_reason_for_living(m(), id="r1")
        .add_routine_item(m(), when=m(), id="ri1")
        .add_strength(m(), sm.StrengthCategory.PLACE, id="s2")
        .add_lapse(date(2026, 5, 1), trigger_id="t1", coping_tried=["c1"], reflection=m(), id="l1")
        .add_readiness_rating(date(2026, 5, 1), goal_id="g1", behaviour=m(), confidence=5, id="rr1")
        .add_resource(m(), sm.ResourceCategory.READING, date(2026, 5, 1), usefulness=8, id="res1")
        .build()
    )


def test_include_sensitive_brings_the_text_back():
    """With include_sensitive=True the summary and graph exports show the texts."""
    plan = marked_plan()
    for text in default_outputs(plan):
        assert MARK not in text
    full = summary(plan, include_sensitive=True)
    for record_id, field in [
        ("k1", "text"),
        ("p1", "description"),
        ("v1", "name"),
        ("s1", "name"),
        ("g1", "statement"),
        ("ch1", "description"),
        ("t1", "description"),
        ("w1", "description"),
        ("w1", "action"),
        ("sup1", "name"),
        ("sup1", "contact"),
        ("c1", "name"),
        ("sa1", "description"),
        ("r1", "text"),
        ("ri1", "description"),
        ("rr1", "behaviour"),
        ("res1", "title"),
    ]:
        assert getattr(plan.get(record_id), field) in full, (record_id, field)
    graph = sm.CopingGraph.from_plan(plan)
    for export in (
        graph.dot(include_sensitive=True),
        graph.mermaid(include_sensitive=True),
        str(nx.parse_graphml(graph.graphml(include_sensitive=True)).nodes(data=True)),
        str(graph.node_link(include_sensitive=True)),
    ):
        assert MARK in export
    [idea] = graph.suggestions("t1", include_sensitive=True)
    assert MARK in idea.idea


# --- de-identification -----------------------------------------------------------------

KEY = b"research key 0123456789abcdef!!"
OTHER_KEY = b"another key 0123456789abcdef!!!"
TODAY = date(2026, 5, 1)


def id_map(before: sm.Plan, after: sm.Plan) -> dict[str, str]:
    """Original id to pseudonym: records keep their order in the plan."""
    pairs = zip(before.records(), after.records(), strict=True)
    return {before.id: after.id} | {a.id: b.id for a, b in pairs}


def review_codes(plan: sm.Plan, today: date, ids: dict[str, str] | None = None):
    rename = ids or {}
    return [
        (f.code, tuple(rename.get(r, r) for r in f.records)) for f in sm.review(plan, today=today)
    ]


def t_scores(plan: sm.Plan, on: date) -> tuple[float, float] | None:
    try:
        result = sm.goal_attainment(plan, on)
    except sm.ValidationError:
        return None
    return (result.t_score, result.baseline_t_score)


@settings(max_examples=40, deadline=None)
@given(plans(max_changes=30, sensitive_text=markers))
def test_deidentify_keeps_what_research_needs_and_drops_every_marker(plan):
    """No marker survives; review, progress, coverage, SPOFs and T-scores are unchanged."""
    out = sm.deidentify(plan, key=KEY)
    text = sm.dumps(out)
    assert MARK not in text
    assert sm.loads(text, sm.Plan) == out
    assert sm.replay(out.history) == out
    ids = id_map(plan, out)
    assert out.client.pseudonym != plan.client.pseudonym
    assert (plan.ids() | {plan.id}).isdisjoint(out.ids() | {out.id})
    shift = sm.date_shift(plan, key=KEY)
    assert review_codes(out, TODAY + shift) == review_codes(plan, TODAY, ids)
    assert [p.status for p in sm.progress(out).values()] == [
        p.status for p in sm.progress(plan).values()
    ]
    before, after = sm.CopingGraph(plan), sm.CopingGraph(out)
    assert after.coverage() == before.coverage()
    assert [(s.record_id, s.record_kind, s.strands) for s in after.single_points_of_failure()] == [
        (ids[s.record_id], s.record_kind, tuple(ids[t] for t in s.strands))
        for s in before.single_points_of_failure()
    ]
    assert t_scores(out, TODAY + shift) == t_scores(plan, TODAY)
    assert [e.at - shift for e in out.history] == [e.at for e in plan.history]


@settings(max_examples=20, deadline=None)
@given(plans(max_changes=15))
def test_same_key_same_export_other_key_unlinkable(plan):
    """The same key reproduces the export; another key shares no id or pseudonym."""
    first = sm.deidentify(plan, key=KEY)
    assert sm.dumps(sm.deidentify(plan, key=KEY)) == sm.dumps(first)
    other = sm.deidentify(plan, key=OTHER_KEY)

    def names(p: sm.Plan) -> set[str]:
        return p.ids() | {p.id, p.client.pseudonym} | {e.author for e in p.history}

    assert names(first).isdisjoint(names(other))


def test_deidentify_exact_values():
    """Pseudonyms are kind-prefixed HMACs; required texts become the placeholder."""
    plan = marked_plan()
    out = sm.deidentify(plan, key=KEY, placeholder="[gone]")
    assert out.client == sm.Client(pseudonym=out.client.pseudonym)
    assert out.client.pseudonym.startswith("client-")
    assert len(out.client.pseudonym) == len("client-") + 20
    assert [r.id.rsplit("-", 1)[0] for r in out.records()][:4] == [
        "concern",
        "session",
        "priority",
        "value",
    ]
    support = out.supports[0]
    assert (support.name, support.relation, support.contact, support.role) == (
        "[gone]",
        "[gone]",
        "[gone]",
        sm.SupportRole.CRISIS,
    )
    assert out.coping_skills[0].steps == ("[gone]", "[gone]")
    assert out.goals[0].scale == sm.GasScale(
        much_less="[gone]", less="[gone]", expected="[gone]", more="[gone]", much_more="[gone]"
    )
    shift = sm.date_shift(plan, key=KEY)
    assert out.sessions[0].held_on == date(2026, 5, 1) + shift
    assert out.goals[0].attainments[0].rated_on == date(2026, 5, 1) + shift
    assert 1 <= abs(shift.days) <= 365
    # The same client keeps the same pseudonym and offset in another plan.
    another = sm.PlanBuilder(sm.Client(pseudonym="c1"), plan_id="plan-2", author="dr-lee").build()
    assert sm.deidentify(another, key=KEY).client.pseudonym == out.client.pseudonym
    assert sm.date_shift(another, key=KEY) == shift


def test_deidentify_refuses_a_missing_or_weak_key():
    """Keys are bytes of at least 16; the error never shows the key."""
    plan = sm.PlanBuilder("c1", author="dr-lee").build()
    with pytest.raises(sm.ValidationError, match="expected the key as bytes, got str"):
        sm.deidentify(plan, key="secret-string-key-long-enough")  # type: ignore[arg-type]
    with pytest.raises(sm.ValidationError) as error:
        sm.deidentify(plan, key=b"short")
    assert "short" not in str(error.value)
    assert "at least 16 bytes, got 5" in str(error.value)
    with pytest.raises(sm.ValidationError, match="placeholder"):
        sm.deidentify(plan, key=KEY, placeholder=" ")


def test_loading_errors_never_quote_a_sensitive_value():
    """A malformed document's errors describe sensitive values by type and length."""
    plan = marked_plan()
    document = json.loads(sm.dumps(plan))
    document["coping_skills"][0]["steps"] = f"{MARK}1"
    document["strengths"][0]["name"] = [f"{MARK}2"]
    document["supports"][0]["contact"] = {"phone": f"{MARK}3"}
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(json.dumps(document), sm.Plan)
    assert MARK not in str(error.value)
    assert [str(p) for p in error.value.problems] == [
        "$.strengths[0].name: expected text, got a list of 1 item",
        "$.coping_skills[0].steps: expected an array, got text of 6 characters",
        "$.supports[0].contact: expected text, got a dict with 1 key",
    ]
