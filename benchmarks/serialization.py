"""Serialization speed: strengthmodel against pydantic v2 and msgspec, in one run.

Builds the reference plan (30 strengths, 10 goals, 30 challenges, 20 triggers, 40 coping
skills, 100 trigger-to-coping links, built through its change history) and models of
the same document in pydantic v2 and msgspec. The peer models are generated from our
field model (``strengthmodel._model.describe``), so all three check the same types,
bounds, text lengths and patterns, id patterns, enums and union tags, reject unknown
keys, and are strict about scalars. strengthmodel does more on decode (cross-field
rules, reference integrity, history invariants); the peers do not.

Reports the median per-document time of decode (JSON text to objects), encode
(objects to JSON text) and round trip, and the ratios strengthmodel / peer.

Run: ``python benchmarks/serialization.py [--rounds N] [--markdown]`` (needs the
``bench`` extra: pydantic, msgspec).
"""

from __future__ import annotations

import argparse
import itertools
import platform
import sys
import time
import typing
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

import attrs
import msgspec
import pydantic
from _timing import median_seconds as timing_median

import strengthmodel as sm
from strengthmodel._fields import Record, trusted
from strengthmodel._model import (
    BoolType,
    DateTimeType,
    DateType,
    EnumType,
    FieldType,
    FloatType,
    IdType,
    IntType,
    OptionalType,
    RecordType,
    SequenceType,
    TextType,
    UnionType,
    describe,
)
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


# --- peer models generated from our field model -----------------------------------------


def _peer_type(kind: FieldType, lib: str) -> Any:  # noqa: ANN401, C901, PLR0911 - one branch per kind of field
    """The peer library's type for one field description of ``strengthmodel._model``."""

    def meta(**kw: Any) -> Any:  # noqa: ANN401
        return msgspec.Meta(**kw) if lib == "msgspec" else pydantic.Field(**kw)

    match kind:
        case IdType():
            return Annotated[str, meta(pattern=ID_PATTERN)]
        case OptionalType(inner):
            return _peer_type(inner, lib) | None
        case UnionType(members):
            union: Any = typing.Union[tuple(model(m, lib, tagged=True) for m in members)]  # noqa: UP007
            return (
                Annotated[union, pydantic.Field(discriminator=TAG)] if lib == "pydantic" else union
            )
        case SequenceType(item, container):
            inner = _peer_type(item, lib)
            return tuple[inner, ...] if container is tuple else frozenset[inner]  # type: ignore[valid-type]
        case IntType(ge, le, declared):
            return Annotated[int, meta(ge=ge, le=le)] if declared else int
        case FloatType(bounds):
            return float if bounds is None else Annotated[float, meta(ge=bounds[0], le=bounds[1])]
        case TextType(max_length, pattern):
            full = (
                r"\S" if pattern is None else f"^(?:{pattern.removeprefix('^').removesuffix('$')})$"
            )
            return Annotated[str, meta(min_length=1, max_length=max_length, pattern=full)]
        case BoolType():
            return bool
        case DateType():
            return date
        case DateTimeType():
            return datetime
        case EnumType(cls):
            return cls
        case RecordType(cls):
            return model(cls, lib)
    raise TypeError(kind)


_MODELS: dict[tuple[type, str, bool, bool], Any] = {}


def model(cls: type[Record], lib: str, *, tagged: bool = False, top: bool = False) -> Any:  # noqa: ANN401
    """The pydantic model or msgspec struct equivalent to ``cls``."""
    key = (cls, lib, tagged, top)
    if key in _MODELS:
        return _MODELS[key]
    fields: list[tuple[str, Any, Any]] = []
    if top:
        fields += [
            ("format", Literal[format_name(cls)], attrs.NOTHING),  # type: ignore[valid-type]
            ("version", Literal[FORMAT_VERSION], attrs.NOTHING),
        ]
    if tagged and lib == "pydantic":
        fields.append((TAG, Literal[cls.kind], attrs.NOTHING))  # type: ignore[valid-type]
    fields += [(f.name, _peer_type(f.type, lib), f.attribute.default) for f in describe(cls)]
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

    # Encode is timed cold: each round writes a plan just loaded, as an app that loads,
    # edits and saves does. Loading keeps each history entry's canonical bytes (taken
    # from the decoded structs, and needed to check the hash chain), so the cold write
    # lays out the collections and copies the entries. Two more figures: the same plan
    # written again (warm), and a plan whose entries keep nothing (the encoder alone).
    fresh = iter([sm.loads(raw, sm.Plan) for _ in range(rounds + 2)])
    bare = [sm.loads(raw, sm.Plan) for _ in range(rounds + 2)]
    for each in bare:
        for entry in each.history:
            object.__delattr__(entry, "_wire")
    unkept = iter(bare)
    results = {
        "strengthmodel": {
            "decode": median_seconds(lambda: sm.loads(raw, sm.Plan), rounds),
            "encode": median_seconds(lambda: sm.dumps(next(fresh)), rounds),
            "encode (warm)": median_seconds(lambda: sm.dumps(plan), rounds),
            "encode (nothing kept)": median_seconds(lambda: sm.dumps(next(unkept)), rounds),
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
    # The floor of building records in Python: every distinct record of the loaded plan
    # (entries, changes, records, nested values) built again with the trusted
    # constructor alone, from values already decoded.
    built = _distinct_records(sm.loads(raw, sm.Plan))
    values = [(type(r), {f.name: getattr(r, f.name) for f in attrs.fields(type(r))}) for r in built]
    results["strengthmodel"]["trusted build"] = median_seconds(
        lambda: [trusted(cls, v) for cls, v in values], rounds
    )
    results["_shape"] = {
        "bytes": len(raw),
        "history": len(plan.history),
        "records": sum(1 for _ in plan.records()),
        "links": len(plan.coping_links),
        "distinct": len(built),
    }
    return results


def _distinct_records(plan: sm.Plan) -> list[Record]:
    """Every record object inside ``plan`` (not the plan itself), each once by identity."""
    found: dict[int, Record] = {}
    stack: list[object] = [getattr(plan, f.name) for f in attrs.fields(sm.Plan)]
    while stack:
        value = stack.pop()
        if isinstance(value, tuple | frozenset):
            stack.extend(value)
        elif isinstance(value, Record) and id(value) not in found:
            found[id(value)] = value
            stack.extend(getattr(value, f.name) for f in attrs.fields(type(value)))
    return list(found.values())


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
    peer = results["msgspec"]["decode"]
    floor = ours["trusted build"] + peer
    lines += [
        (
            f"History integrity check (hash chain + replay + snapshot comparison) inside "
            f"strengthmodel's decode: {integrity * 1000:.3f} ms, "
            f"{integrity / ours['decode']:.0%} of decode."
        ),
        (
            f"Floor: building the {shape['distinct']:.0f} distinct records of the plan with "
            f"the trusted constructor alone takes {ours['trusted build'] * 1000:.3f} ms; with "
            f"msgspec decoding into its own structs, {floor * 1000:.3f} ms "
            f"({floor / peer:.2f}x msgspec)."
        ),
        (
            f"Encode (the table's figure is cold: a plan just loaded): "
            f"{ours['encode'] * 1000:.3f} ms; the same plan again (warm) "
            f"{ours['encode (warm)'] * 1000:.3f} ms; with no entry keeping its bytes "
            f"{ours['encode (nothing kept)'] * 1000:.3f} ms "
            f"({ours['encode (nothing kept)'] / results['msgspec']['encode']:.2f}x msgspec)."
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
