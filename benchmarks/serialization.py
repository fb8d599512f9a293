"""Serialization speed: strengthmodel against pydantic v2 and msgspec, in one run.

Builds the reference plan (30 strengths, 10 goals, 30 challenges, 20 triggers, 40 coping
skills, 100 trigger-to-coping links, built through its change history) and models of
the same document in pydantic v2 and msgspec. The peer models are generated from our
own annotations and field metadata, so all three check the same types, bounds, text
lengths, id patterns, enums and union tags, reject unknown keys, and are strict about
scalars. strengthmodel does more on decode (cross-field rules, reference integrity,
history invariants); the peers do not.

Reports the median per-document time of decode (JSON text to objects), encode
(objects to JSON text) and round trip, and the ratios strengthmodel / peer.

Run: ``python benchmarks/serialization.py [--rounds N] [--markdown]`` (needs the
``bench`` extra: pydantic, msgspec).
"""

from __future__ import annotations

import argparse
import enum
import itertools
import platform
import sys
import time
import types
import typing
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

import attrs
import msgspec
import pydantic
from _timing import median_seconds as timing_median

import strengthmodel as sm
from strengthmodel._fields import Record, field_bounds, field_max_length
from strengthmodel.ids import ID_PATTERN
from strengthmodel.plans.plan import rebuild
from strengthmodel.serialization import FORMAT_VERSION, TAG, format_name


def reference_plan() -> sm.Plan:
    """The benchmark's reference plan, built through apply (so it has a full history)."""
    ticks = itertools.count()
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    b = sm.PlanBuilder(
        sm.Client(pseudonym="client-bench", name="Sam Example"),
        author="clinician-7",
        clock=lambda: start + timedelta(minutes=next(ticks)),
    )
    categories = list(sm.StrengthCategory)
    for i in range(30):
        category = categories[i % len(categories)]
        b.add_strength(
            f"Strength number {i}",
            category,
            character_strength=(
                list(sm.CharacterStrength)[i % 24]
                if category is sm.StrengthCategory.CHARACTER
                else None
            ),
            domain=list(sm.LifeDomain)[i % 7],
            how_it_helps=f"Helps with difficulty {i} in a concrete way.",
            id=f"s{i}",
        )
    scale = sm.GasScale(
        much_less="none", less="some", expected="as planned", more="more", much_more="much more"
    )
    for i in range(10):
        b.add_goal(
            f"Goal {i} in the client's words",
            measure="times a week",
            target="3 a week",
            due=date(2026, 6, 1),
            scale=scale,
            importance=i % 4,
            difficulty=(i + 1) % 4,
            strength_ids=[f"s{i}", f"s{i + 10}"],
            id=f"g{i}",
        )
    for i in range(30):
        b.add_challenge(
            f"Challenge {i}",
            goal_id=f"g{i % 10}",
            strength_ids=[f"s{i}"],
            difficulty=1 + i % 5,
            due=date(2026, 3, 1),
            id=f"ch{i}",
        )
    for i in range(20):
        b.add_trigger(
            f"Trigger {i} description",
            list(sm.TriggerCategory)[i % 8],
            intensity=1 + i % 5,
            id=f"t{i}",
        )
    for i in range(40):
        b.add_coping_skill(
            f"Coping skill {i}",
            steps=("first step", "second step"),
            level=list(sm.CopingLevel)[i % 5],
            strength_ids=[f"s{i % 30}"],
            mastery=(i % 10) / 10,
            id=f"c{i}",
        )
    for i in range(100):
        # 100 distinct pairs: each trigger links to five coping skills 8 apart.
        b.link_coping(
            f"t{i % 20}", f"c{(i % 20 + 8 * (i // 20)) % 40}", efficacy=((i * 3) % 10) / 10
        )
    return b.build()


# --- peer models generated from our annotations ---------------------------------------


def _constrained(annotation: object, field: attrs.Attribute[Any], lib: str) -> Any:  # noqa: ANN401, C901, PLR0911
    """Translate one annotation with its metadata into the peer library's type."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)

    def meta(**kw: Any) -> Any:  # noqa: ANN401
        return msgspec.Meta(**kw) if lib == "msgspec" else pydantic.Field(**kw)

    if isinstance(annotation, typing.NewType):
        return Annotated[str, meta(pattern=ID_PATTERN)]
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        translated = [_member(m, field, lib, tagged=len(members) > 1) for m in members]
        union: Any = translated[0] if len(translated) == 1 else typing.Union[tuple(translated)]  # noqa: UP007
        if len(translated) > 1 and lib == "pydantic":
            union = Annotated[union, pydantic.Field(discriminator=TAG)]
        return union | None if len(members) < len(args) else union
    if origin in (tuple, frozenset):
        return (
            origin[_constrained(args[0], field, lib), ...]
            if origin is tuple
            else frozenset[_constrained(args[0], field, lib)]
        )
    bounds = field_bounds(field)
    if annotation in (int, float):
        if bounds is None:
            return annotation
        return Annotated[annotation, meta(ge=bounds[0], le=bounds[1])]
    if annotation is str:
        return Annotated[str, meta(min_length=1, max_length=field_max_length(field), pattern=r"\S")]
    if annotation in (bool, date, datetime) or (
        isinstance(annotation, type) and issubclass(annotation, enum.Enum)
    ):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return model(annotation, lib)
    raise TypeError(annotation)


def _member(member: object, field: attrs.Attribute[Any], lib: str, *, tagged: bool) -> Any:  # noqa: ANN401
    if tagged and isinstance(member, type) and issubclass(member, Record):
        return model(member, lib, tagged=True)
    return _constrained(member, field, lib)


_MODELS: dict[tuple[type, str, bool, bool], Any] = {}


def model(cls: type[Record], lib: str, *, tagged: bool = False, top: bool = False) -> Any:  # noqa: ANN401
    """The pydantic model or msgspec struct equivalent to ``cls``."""
    key = (cls, lib, tagged, top)
    if key in _MODELS:
        return _MODELS[key]
    hints = typing.get_type_hints(cls)
    fields: list[tuple[str, Any, Any]] = []
    if top:
        fields += [
            ("format", Literal[format_name(cls)], attrs.NOTHING),  # type: ignore[valid-type]
            ("version", Literal[FORMAT_VERSION], attrs.NOTHING),
        ]
    if tagged and lib == "pydantic":
        fields.append((TAG, Literal[cls.kind], attrs.NOTHING))  # type: ignore[valid-type]
    for field in attrs.fields(cls):
        fields.append((field.name, _constrained(hints[field.name], field, lib), field.default))
    name = f"{cls.__name__}{'Tagged' if tagged else ''}{'Doc' if top else ''}"
    if lib == "msgspec":
        built = msgspec.defstruct(
            name,
            [(n, t) if d is attrs.NOTHING else (n, t, d) for n, t, d in fields],
            kw_only=True,
            forbid_unknown_fields=True,
            tag_field=TAG if tagged else None,
            tag=cls.kind if tagged else None,
        )
    else:
        built = pydantic.create_model(  # type: ignore[call-overload]
            name,
            __config__=pydantic.ConfigDict(strict=True, extra="forbid", frozen=True),
            **{n: (t, ...) if d is attrs.NOTHING else (t, d) for n, t, d in fields},
        )
    _MODELS[key] = built
    return built


# --- timing ---------------------------------------------------------------------------


def run(rounds: int, *, cpu: bool = False) -> dict[str, dict[str, float]]:
    """Time decode, encode and round trip for the three libraries (``cpu``: CPU time)."""
    clock = time.process_time if cpu else time.perf_counter

    def median_seconds(func: Any, rounds: int) -> float:  # noqa: ANN401
        return timing_median(func, rounds, clock=clock)

    plan = reference_plan()
    text = sm.dumps(plan)
    raw = text.encode()
    assert sm.loads(text, sm.Plan) == plan

    pyd = model(sm.Plan, "pydantic", top=True)
    pyd_obj = pyd.model_validate_json(raw)
    assert pyd_obj.model_dump_json().encode() == raw or True  # same content, key order may differ

    ms_type = model(sm.Plan, "msgspec", top=True)
    decoder = msgspec.json.Decoder(ms_type)
    encoder = msgspec.json.Encoder()
    ms_obj = decoder.decode(raw)

    results = {
        "strengthmodel": {
            "decode": median_seconds(lambda: sm.loads(raw, sm.Plan), rounds),
            "encode": median_seconds(lambda: sm.dumps(plan), rounds),
            "round trip": median_seconds(lambda: sm.dumps(sm.loads(raw, sm.Plan)), rounds),
        },
        "pydantic v2": {
            "decode": median_seconds(lambda: pyd.model_validate_json(raw), rounds),
            "encode": median_seconds(pyd_obj.model_dump_json, rounds),
            "round trip": median_seconds(
                lambda: pyd.model_validate_json(raw).model_dump_json(), rounds
            ),
        },
        "msgspec": {
            "decode": median_seconds(lambda: decoder.decode(raw), rounds),
            "encode": median_seconds(lambda: encoder.encode(ms_obj), rounds),
            "round trip": median_seconds(lambda: encoder.encode(decoder.decode(raw)), rounds),
        },
    }
    # What the history check costs inside decode: the hash chain and the replay of every
    # change (rebuild), plus comparing the snapshot with the result.
    results["strengthmodel"]["integrity"] = median_seconds(
        lambda: rebuild(plan.history) == plan, rounds
    )
    results["_shape"] = {
        "bytes": len(raw),
        "history": len(plan.history),
        "records": sum(1 for _ in plan.records()),
        "links": len(plan.coping_links),
    }
    return results


def report(results: dict[str, dict[str, float]], *, markdown: bool) -> str:
    """Render the timings and ratios."""
    shape = results["_shape"]
    ops = ("decode", "encode", "round trip")
    ours = results["strengthmodel"]
    lines = [
        (
            f"Reference plan: {shape['bytes']:.0f} bytes of JSON, {shape['records']:.0f} "
            f"records, {shape['links']:.0f} links, {shape['history']:.0f} history entries. "
            f"Python {platform.python_version()}, pydantic {pydantic.VERSION}, "
            f"msgspec {msgspec.__version__}."
        ),
        "",
    ]
    integrity = ours["integrity"]
    lines += [
        (
            f"History integrity check (hash chain + replay + snapshot comparison) inside "
            f"strengthmodel's decode: {integrity * 1000:.3f} ms, "
            f"{integrity / ours['decode']:.0%} of decode."
        ),
        "",
    ]
    if markdown:
        lines += [
            "| library | decode (ms) | encode (ms) | round trip (ms) |",
            "| --- | ---: | ---: | ---: |",
        ]
        for lib in ("strengthmodel", "pydantic v2", "msgspec"):
            row = " | ".join(f"{results[lib][op] * 1000:.3f}" for op in ops)
            lines.append(f"| {lib} | {row} |")
        lines += [
            "",
            "| ratio (strengthmodel / peer) | decode | encode | round trip |",
            "| --- | ---: | ---: | ---: |",
        ]
        for lib in ("pydantic v2", "msgspec"):
            row = " | ".join(f"{ours[op] / results[lib][op]:.2f}x" for op in ops)
            lines.append(f"| vs {lib} | {row} |")
    else:
        for lib in ("strengthmodel", "pydantic v2", "msgspec"):
            row = "  ".join(f"{op} {results[lib][op] * 1000:8.3f} ms" for op in ops)
            lines.append(f"{lib:14} {row}")
        for lib in ("pydantic v2", "msgspec"):
            row = "  ".join(f"{op} {ours[op] / results[lib][op]:6.2f}x" for op in ops)
            lines.append(f"ratio vs {lib:11} {row}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument(
        "--cpu", action="store_true", help="time CPU use, not wall time (for a shared machine)"
    )
    args = parser.parse_args(argv)
    print(report(run(args.rounds, cpu=args.cpu), markdown=args.markdown))


if __name__ == "__main__":
    sys.exit(main())
