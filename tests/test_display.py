"""Rich display in Jupyter: well-formed, escaped, withholding sensitive text, exact figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel._show import Displayable
from strengthmodel.coping._display import coping_graph_html
from strengthmodel.demo import demo_plan
from strengthmodel.testing import plans

HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"
MARK = "\u27eamark"
markers = st.integers(0, 10**9).map(lambda n: f"{MARK}{n}\u27eb")
START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def clock():
    moments = iter(START + timedelta(minutes=n) for n in range(10_000))
    return lambda: next(moments)


def hostile_plan() -> sm.Plan:
    """A plan whose every text is markup and quotes."""
    return (
        sm.PlanBuilder("client-1", author="clinician-1", clock=clock())
        .add_concern(HOSTILE)
        .add_strength(HOSTILE, sm.StrengthCategory.SKILL, id="s1")
        .add_trigger(HOSTILE, sm.TriggerCategory.NEGATIVE_EMOTIONAL_STATES, id="t1")
        .add_coping_skill(HOSTILE, strength_ids=["s1"], id="c1")
        .link_coping("t1", "c1", efficacy=0.5)
        .add_support(HOSTILE, sm.SupportRole.HELP, contact=HOSTILE, id="p1")
        .build()
    )


def parse(markup: str) -> ET.Element:
    """Parse a repr as XML: it must be well formed, scriptless and offline."""
    root = ET.fromstring(markup)  # noqa: S314 - our own output, under test
    assert root.tag == "div"
    assert root.get("class") == "sm"
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert not tags & {"script", "iframe", "img", "link", "object", "embed", "foreignObject"}
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "javascript:" not in value.lower()
            if name.endswith("href"):
                assert value.startswith("#"), value
    assert "https://" not in markup
    assert re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", markup).count("http") == 0
    return root


def texts(element: ET.Element, css: str) -> list[str]:
    """The text of every element with a class."""
    return ["".join(e.itertext()) for e in element.iter() if css in (e.get("class") or "").split()]


def all_outputs(plan: sm.Plan) -> list[str]:
    """Every default HTML and Markdown repr a plan and what derives from it give."""
    graph = sm.CopingGraph.from_plan(plan)
    findings = sm.review(plan, today=date(2026, 5, 1))
    return [
        plan._repr_html_(),
        plan._repr_markdown_(),
        *(p._repr_html_() for p in sm.progress(plan).values()),
        *(p._repr_markdown_() for p in sm.progress(plan).values()),
        coping_graph_html(graph, draw=False),
        findings._repr_html_(),
        findings._repr_markdown_(),
        *(f._repr_html_() for f in findings),
    ]


def test_plan_repr_shows_pseudonym_revision_badges_counts_and_next_step():
    """The plan's HTML has its badges in step order with exact statuses, counts and next step."""
    plan = (
        sm.PlanBuilder("client-1", author="clinician-1", clock=clock())
        .add_concern("Feeling stuck at work")
        .add_strength(
            "Patience",
            sm.StrengthCategory.CHARACTER,
            character_strength=sm.CharacterStrength.PERSEVERANCE,
        )
        .build()
    )
    root = parse(plan._repr_html_())
    assert "".join(root.find("strong").itertext()) == "Plan plan-1"
    text = "".join(root.itertext())
    assert "client client-1, revision 3" in text
    badges = [b for b in root.iter("span") if "badge" in b.get("class", "").split()]
    assert [b.text for b in badges] == [
        "1 Listen",
        "2 Meet the client where they are",
        "3 Focus on strengths",
        "4 Challenge",
        "5 Assess strengths",
        "6 Set achievable goals",
        "7 Plan to stay well",
    ]
    assert [b.get("class").split()[1] for b in badges] == [
        "in-progress",
        "not-started",
        "in-progress",
        "not-started",
        "not-started",
        "not-started",
        "not-started",
    ]
    assert badges[0].get("title") == "Listen: in progress; missing: at least one session recorded"
    assert texts(root, "count") == ["concerns 1", "strengths 1"]
    assert "Next: 1. Listen (at least one session recorded)" in text
    assert "2 records by id" in text
    cells = [[("".join(td.itertext())) for td in tr.iter("td")] for tr in root.iter("tr")][1:]
    assert cells == [
        ["concern", "concern-1", "withheld"],
        ["strength", "strength-1", "withheld"],
    ]


def test_records_without_text_show_a_dash_and_long_lists_are_cut():
    """A session without notes shows "-" when text is asked for; 200 records at most are listed."""
    session = (
        sm.PlanBuilder("client-1", author="clinician-1", clock=clock())
        .add_session(date(2026, 1, 5), [sm.Step.LISTEN])
        .build()
    )
    for markup, text in (
        (session._repr_html_(), "withheld"),
        (sm.show(session, include_sensitive=True)._repr_html_(), "-"),
    ):
        rows = [
            [("".join(td.itertext())) for td in tr.iter("td")] for tr in parse(markup).iter("tr")
        ]
        assert rows[1:] == [["session", "session-1", text]]
    builder = sm.PlanBuilder("client-1", author="clinician-1", clock=clock())
    for n in range(205):
        builder.add_concern(f"concern {n}")
    root = parse(builder.build()._repr_html_())
    assert len(list(root.iter("tr"))) == 1 + 200
    assert "205 records by id" in "".join(root.itertext())
    assert "and 5 more" in "".join(root.itertext())


def test_plan_markdown_is_exact():
    """The Markdown repr of a new plan lists seven steps and the first suggestion."""
    plan = sm.Plan.new(sm.Client(pseudonym="client-9"), author="clinician-1", at=START)
    assert plan._repr_markdown_() == (
        "**Plan plan-1**, client `client-9`, revision 1\n"
        "\n"
        "| step | status |\n"
        "|---|---|\n"
        "| 1. Listen | not started |\n"
        "| 2. Meet the client where they are | not started |\n"
        "| 3. Focus on strengths | not started |\n"
        "| 4. Challenge | not started |\n"
        "| 5. Assess strengths | not started |\n"
        "| 6. Set achievable goals | not started |\n"
        "| 7. Plan to stay well | not started |\n"
        "\n"
        "Next: 1. Listen (at least one concern recorded in the client's words)\n"
    )
    root = parse(plan._repr_html_())
    assert "No records yet." in "".join(root.itertext())


def test_complete_plan_says_every_step_is_sufficient():
    """The demo plan is sufficient on every step: seven green badges and no suggestion."""
    root = parse(demo_plan()._repr_html_())
    badges = [b for b in root.iter("span") if "badge" in b.get("class", "").split()]
    assert {b.get("class") for b in badges} == {"badge sufficient"}
    assert "Every step is sufficient." in "".join(root.itertext())
    assert texts(root, "count")[:3] == ["concerns 2", "sessions 1", "priorities 2"]
    assert texts(root, "count")[-1] == "coping links 3"


def test_hostile_text_is_withheld_by_default_and_escaped_when_shown():
    """Markup in records never reaches the HTML raw; by default it does not reach it at all."""
    plan = hostile_plan()
    for output in all_outputs(plan):
        assert "alert" not in output
        assert "quoted" not in output
    shown = sm.show(plan, include_sensitive=True)._repr_html_()
    root = parse(shown)
    assert "<script" not in shown
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;" in shown
    cells = ["".join(td.itertext()) for td in root.iter("td") if "".join(td.itertext()) == HOSTILE]
    assert len(cells) == 5  # concern, strength, trigger, coping skill, support (by name)
    graph = sm.show(sm.CopingGraph.from_plan(plan), include_sensitive=True)._repr_html_()
    parse(graph)
    assert "<script" not in graph
    assert "&lt;script&gt;" in graph
    assert repr(sm.show(plan, include_sensitive=True)) == repr(plan)


def test_coping_graph_table_ranks_strategies_in_ladder_order():
    """Without a drawing, each trigger lists its strategies in the order to try them."""
    root = parse(coping_graph_html(sm.CopingGraph.from_plan(demo_plan()), draw=False))
    rows = [[("".join(td.itertext())) for td in tr.iter("td")] for tr in root.iter("tr")][1:]
    assert [row[:3] for row in rows] == [
        ["trigger-evenings", "negative-emotional-states", "4"],
        ["trigger-pub", "social-pressure", "3"],
    ]
    assert rows[0][3] == "coping-sanding (internal, 0.36)coping-call-sister (ask-for-help, 0.64)"
    summary = "".join(root.find("div").itertext())
    assert summary == "2 triggers, 2 with a strategy, 1 reaching a person; 12 nodes, 8 edges"
    assert root.find(".//svg") is None


def test_coping_graph_draws_inline_svg_with_matplotlib():
    """With matplotlib, the ladder drawing is inline SVG labelled by ids, strategies below."""
    pytest.importorskip("matplotlib")
    markup = sm.CopingGraph.from_plan(demo_plan())._repr_html_()
    root = parse(markup)
    svg = root.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None
    labels = {"".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {"trigger-evenings", "coping-sanding", "internal", "supports"} <= labels
    assert root.find(".//details/summary").text == "strategies"
    assert "<metadata>" not in markup
    assert "<style" not in markup[markup.index("<svg") :]  # no page-wide CSS from matplotlib


def test_empty_coping_graph_has_no_drawing():
    """A plan with no stay-well records shows a count line and says there are no triggers."""
    plan = sm.Plan.new(sm.Client(pseudonym="client-9"), author="clinician-1", at=START)
    root = parse(sm.CopingGraph.from_plan(plan)._repr_html_())
    assert "No triggers yet." in "".join(root.itertext())
    assert root.find(".//{http://www.w3.org/2000/svg}svg") is None


def test_review_returns_a_list_shown_as_a_table():
    """review() returns a plain list of findings, shown as a table with a severity tally."""
    findings = sm.review(demo_plan(), today=date(2026, 7, 1))
    assert isinstance(findings, list)
    assert isinstance(findings, sm.Findings)
    assert findings == list(findings)
    root = parse(findings._repr_html_())
    assert root.find("strong").text == "Review: 2 findings (1 warning, 1 info)"
    rows = [[("".join(td.itertext())) for td in tr.iter("td")] for tr in root.iter("tr")][1:]
    assert [row[:3] for row in rows] == [
        ["warning", "SM109", "plan-demo"],
        ["info", "SM111", "strength-woodshop"],
    ]
    assert findings._repr_markdown_().splitlines()[:4] == [
        "**Review: 2 findings**",
        "",
        "| severity | code | records | message |",
        "|---|---|---|---|",
    ]
    none = sm.review(demo_plan(), today=date(2026, 4, 1), ignore=frozenset({"SM111"}))
    assert parse(none._repr_html_()).find("strong").text == "Review: no findings"
    single = parse(findings[0]._repr_html_())
    assert single.find("strong").text == "Finding SM109"


def test_step_progress_lists_criteria_met_and_missing():
    """A step's repr has its badge, then each criterion marked met or missing."""
    plan = sm.PlanBuilder("client-1", author="c", clock=clock()).add_concern("x").build()
    item = sm.progress(plan)[sm.Step.LISTEN]
    root = parse(item._repr_html_())
    rows = [[("".join(td.itertext())) for td in tr.iter("td")] for tr in root.iter("tr")][1:]
    assert rows == [
        ["met", "at least one concern recorded in the client's words"],
        ["missing", "at least one session recorded"],
    ]
    assert item._repr_markdown_() == (
        "**Step 1: Listen** (in progress)\n"
        "\n"
        "- [x] at least one concern recorded in the client's words\n"
        "- [ ] at least one session recorded\n"
    )


def test_instrument_score_shows_total_band_and_critical_items():
    """A PHQ-9 score shows its total, band and the flagged item 9."""
    phq9 = sm.builtin_instrument("phq-9")
    score = phq9.score({item.id: 2 for item in phq9.items})
    root = parse(score._repr_html_())
    text = "".join(root.itertext())
    assert "total 18.00, band moderately severe (edition 1)" in text
    rows = [[("".join(td.itertext())) for td in tr.iter("td")] for tr in root.iter("tr")][1:]
    assert [row[:2] for row in rows] == [["phq9.9", "2"]]


def test_goal_attainment_shows_t_scores_and_goal_levels():
    """The demo plan's GAS result: T 45.1 from baseline 30.4, each goal's weight and levels."""
    result = sm.goal_attainment(demo_plan(), date(2026, 4, 27))
    root = parse(result._repr_html_())
    assert root.find("strong").text == "Goal attainment on 2026-04-27"
    assert "T-score 45.1 (baseline 30.4, change +14.7; ρ = 0.3)" in "".join(root.itertext())
    rows = [[("".join(td.itertext())) for td in tr.iter("td")] for tr in root.iter("tr")][1:]
    assert rows == [["goal-rhythm", "6", "-2", "+0"], ["goal-work", "4", "-1", "-1"]]


def test_simulation_and_comparison_show_tables_and_survival_svg():
    """Results show a summary row per plan and one survival curve (and band) per plan."""
    pytest.importorskip("scipy")
    plan = demo_plan()
    result = sm.simulate([plan], clients=40, weeks=8, seed=3)
    root = parse(result._repr_html_())
    assert root.find("strong").text == "Simulation: 1 plans x 40 clients, 8 weeks, seed 3"
    rows = [[("".join(td.itertext())) for td in tr.iter("td")] for tr in root.iter("tr")][1:]
    summary = result.summary()
    assert rows[0][:3] == ["plan-demo", "40", f"{summary['lapse_risk'].iloc[0]:.3f}"]
    svg = root.find(".//{http://www.w3.org/2000/svg}svg")
    assert len(svg.findall("{http://www.w3.org/2000/svg}path")) == 2  # band and curve
    comparison = sm.compare(plan, plan, clients=40, weeks=8)
    root = parse(comparison._repr_html_())
    rows = [[("".join(td.itertext())) for td in tr.iter("td")] for tr in root.iter("tr")][1:]
    assert [row[0] for row in rows] == [
        "lapse risk",
        "relapse risk",
        "mean lapses",
        "mean relapses",
        "final self-efficacy",
        "final GAS T-score",
    ]
    assert {row[3] for row in rows} == {"0.000"}
    svg = root.find(".//{http://www.w3.org/2000/svg}svg")
    assert len(svg.findall("{http://www.w3.org/2000/svg}path")) == 4
    legend = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")][-2:]
    assert legend == ["A plan-demo", "B plan-demo"]


DISPLAYABLE = (
    sm.Plan,
    sm.StepProgress,
    sm.GoalAttainment,
    sm.InstrumentScore,
    sm.CopingGraph,
    sm.Finding,
    sm.Findings,
    sm.SimulationResult,
    sm.Comparison,
)


def test_every_displayable_class_renders_through_the_protocol():
    """Each class with an HTML repr defines _display_html_ (what show() calls) itself."""
    assert [c.__name__ for c in DISPLAYABLE if "_display_html_" not in vars(c)] == []
    assert all(issubclass(c, Displayable) for c in DISPLAYABLE)


def test_show_dispatches_through_display_html_and_falls_back_to_the_value():
    """show() passes its flag to any _display_html_; other values display as on their own."""

    class Card:
        def _display_html_(self, *, include_sensitive: bool) -> str:
            return f"<p>{include_sensitive}</p>"

    class Table:
        def _repr_html_(self) -> str:
            return "<table/>"

    assert sm.show(Card(), include_sensitive=True)._repr_html_() == "<p>True</p>"
    assert sm.show(Card())._repr_html_() == "<p>False</p>"
    assert sm.show(Table(), include_sensitive=True)._repr_html_() == "<table/>"
    assert sm.show({"a": "<b>"})._repr_html_() == (
        "<pre>{&#x27;a&#x27;: &#x27;&lt;b&gt;&#x27;}</pre>"
    )


def test_show_refuses_a_non_boolean_flag():
    """show() says what it expected for include_sensitive."""
    with pytest.raises(sm.ValidationError, match="include_sensitive: expected True or False"):
        sm.show(demo_plan(), include_sensitive="yes")  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_changes=30, sensitive_text=markers))
def test_no_default_repr_shows_a_sensitive_text(plan):
    """Every generated plan's reprs are well formed and show no sensitive marker."""
    for output in all_outputs(plan):
        assert MARK not in output
        if output.startswith("<"):
            parse(output)
