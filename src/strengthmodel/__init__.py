"""strengthmodel: typed models of strength-based psychotherapy.

The seven steps (listen, meet the client where they are, focus on strengths,
challenge, assess strengths, set achievable goals, plan to stay well) as validated,
immutable records; plans that change only through typed, replayable changes; and
progress through the steps.

Example:
    >>> import strengthmodel as sm
    >>> builder = sm.PlanBuilder("client-1", author="dr-lee")
    >>> plan = builder.add_concern("Feeling stuck at work").build()
    >>> sm.progress(plan)[sm.Step.LISTEN].status
    <StepStatus.IN_PROGRESS: 'in-progress'>
"""

import importlib as _importlib
import importlib.metadata as _metadata
import typing as _typing

from strengthmodel import ops
from strengthmodel._fields import Record, sensitive_fields
from strengthmodel.client import Client
from strengthmodel.errors import (
    ConflictError,
    MigrationError,
    Problem,
    SimulationError,
    StrengthModelError,
    UnknownRecordError,
    UnknownReferenceError,
    UnsupportedVersionError,
    ValidationError,
)
from strengthmodel.ids import (
    AssessmentId,
    ChallengeId,
    ConcernId,
    CopingSkillId,
    GoalId,
    LapseId,
    PlanId,
    PriorityId,
    ReadinessRatingId,
    ReasonForLivingId,
    ResourceId,
    RoutineItemId,
    SafetyActionId,
    SessionId,
    StrengthId,
    SupportId,
    TriggerId,
    ValueId,
    WarningSignId,
)
from strengthmodel.measures.instruments import (
    Band,
    Direction,
    Flag,
    Instrument,
    InstrumentScore,
    Item,
    RankedItem,
    ResponseOption,
    Scoring,
    Subscale,
    SubscaleScore,
    builtin_instrument,
    load_instrument,
)
from strengthmodel.plans.apply import apply, replay
from strengthmodel.plans.builder import PlanBuilder
from strengthmodel.plans.changes import (
    AddRecord,
    HistoryEntry,
    LinkCoping,
    OpenPlan,
    RecordAttainment,
    RemoveRecord,
    ReplaceRecord,
    SetReadiness,
    SetStage,
    UnlinkCoping,
    UpdateClient,
)
from strengthmodel.plans.editor import Editor
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.progress import NextStep, StepProgress, StepStatus, next_steps, progress
from strengthmodel.plans.readiness import goal_stage
from strengthmodel.steps.assessment import (
    Assessment,
    DomainEntry,
    ItemResponse,
    LifeDomainAssessment,
    Score,
    assessment_from_score,
    custom_assessment,
    life_domain_priorities,
    rescore,
)
from strengthmodel.steps.challenges import Challenge, ChallengeOutcome
from strengthmodel.steps.engagement import (
    PersonalValue,
    Priority,
    Readiness,
    ReadinessRating,
    StageOfChange,
)
from strengthmodel.steps.goals import (
    Attainment,
    GasScale,
    Goal,
    GoalAchievementStatus,
    GoalLifecycleStatus,
)
from strengthmodel.steps.listening import Concern, Session
from strengthmodel.steps.process import Step, process_graph
from strengthmodel.steps.staying_well import (
    CopingLevel,
    CopingLink,
    CopingSkill,
    Determinant,
    Lapse,
    ReasonForLiving,
    Resource,
    ResourceCategory,
    RoutineItem,
    SafetyAction,
    Support,
    SupportRole,
    Trigger,
    TriggerCategory,
    TriggerSource,
    WarningSign,
)
from strengthmodel.steps.strengths import (
    CharacterStrength,
    Evidence,
    LifeDomain,
    Strength,
    StrengthCategory,
    StrengthKind,
    Virtue,
)

if _typing.TYPE_CHECKING:
    from strengthmodel._show import show
    from strengthmodel.analysis import caseload, frames
    from strengthmodel.coping import (
        CopingGraph,
        Coverage,
        LevelCount,
        SinglePointOfFailure,
        Strategy,
        Suggestion,
    )
    from strengthmodel.findings import Finding, Findings, Severity, review
    from strengthmodel.interop.fhir import from_fhir, to_fhir
    from strengthmodel.interop.jsonschema import json_schema
    from strengthmodel.measures.gas import gas_t_score, gas_weight
    from strengthmodel.measures.reliable_change import (
        ChangeCategory,
        ClinicalCutoffs,
        ReliableChange,
        ReliableChanges,
        classify_change,
        clinical_cutoffs,
        reliable_change,
    )
    from strengthmodel.plans.outcomes import GoalAttainment, GoalLevel, goal_attainment
    from strengthmodel.privacy import date_shift, deidentify
    from strengthmodel.rendering import render
    from strengthmodel.serialization import content_hash, dumps, from_dict, loads, to_dict
    from strengthmodel.simulation import (
        Comparison,
        FitResult,
        SimulationParameters,
        SimulationResult,
        SurvivalTarget,
        compare,
        fit,
        simulate,
        sweep,
    )
    from strengthmodel.streams import dump_lines, iter_loads

# Loaded on first use, so that ``import strengthmodel`` stays fast (cattrs, orjson).
_LAZY = {
    "CopingGraph": "strengthmodel.coping",
    "Coverage": "strengthmodel.coping",
    "Finding": "strengthmodel.findings",
    "Findings": "strengthmodel.findings",
    "LevelCount": "strengthmodel.coping",
    "Severity": "strengthmodel.findings",
    "SinglePointOfFailure": "strengthmodel.coping",
    "Strategy": "strengthmodel.coping",
    "Suggestion": "strengthmodel.coping",
    "review": "strengthmodel.findings",
    "ChangeCategory": "strengthmodel.measures.reliable_change",
    "ClinicalCutoffs": "strengthmodel.measures.reliable_change",
    "GoalAttainment": "strengthmodel.plans.outcomes",
    "GoalLevel": "strengthmodel.plans.outcomes",
    "ReliableChange": "strengthmodel.measures.reliable_change",
    "ReliableChanges": "strengthmodel.measures.reliable_change",
    "classify_change": "strengthmodel.measures.reliable_change",
    "clinical_cutoffs": "strengthmodel.measures.reliable_change",
    "content_hash": "strengthmodel.serialization",
    "date_shift": "strengthmodel.privacy",
    "deidentify": "strengthmodel.privacy",
    "gas_t_score": "strengthmodel.measures.gas",
    "gas_weight": "strengthmodel.measures.gas",
    "goal_attainment": "strengthmodel.plans.outcomes",
    "reliable_change": "strengthmodel.measures.reliable_change",
    "render": "strengthmodel.rendering",
    "dump_lines": "strengthmodel.streams",
    "dumps": "strengthmodel.serialization",
    "from_dict": "strengthmodel.serialization",
    "json_schema": "strengthmodel.interop.jsonschema",
    "from_fhir": "strengthmodel.interop.fhir",
    "to_fhir": "strengthmodel.interop.fhir",
    "iter_loads": "strengthmodel.streams",
    "loads": "strengthmodel.serialization",
    "to_dict": "strengthmodel.serialization",
    "Comparison": "strengthmodel.simulation",
    "FitResult": "strengthmodel.simulation",
    "SimulationParameters": "strengthmodel.simulation",
    "SimulationResult": "strengthmodel.simulation",
    "SurvivalTarget": "strengthmodel.simulation",
    "compare": "strengthmodel.simulation",
    "fit": "strengthmodel.simulation",
    "simulate": "strengthmodel.simulation",
    "sweep": "strengthmodel.simulation",
    "show": "strengthmodel._show",
    "caseload": "strengthmodel.analysis",
    "frames": "strengthmodel.analysis",
}


def __getattr__(name: str) -> _typing.Any:  # noqa: ANN401 - module attributes of any type
    """Import the lazily loaded public names on first use."""
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'strengthmodel' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public names (the same as ``__all__``), including the lazily loaded ones."""
    return sorted(__all__)


try:
    __version__ = _metadata.version("strengthmodel")
except _metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "AddRecord",
    "Assessment",
    "AssessmentId",
    "Attainment",
    "Band",
    "Challenge",
    "ChallengeId",
    "ChallengeOutcome",
    "ChangeCategory",
    "CharacterStrength",
    "Client",
    "ClinicalCutoffs",
    "Comparison",
    "Concern",
    "ConcernId",
    "ConflictError",
    "CopingGraph",
    "CopingLevel",
    "CopingLink",
    "CopingSkill",
    "CopingSkillId",
    "Coverage",
    "Determinant",
    "Direction",
    "DomainEntry",
    "Editor",
    "Evidence",
    "Finding",
    "Findings",
    "FitResult",
    "Flag",
    "GasScale",
    "Goal",
    "GoalAchievementStatus",
    "GoalAttainment",
    "GoalId",
    "GoalLevel",
    "GoalLifecycleStatus",
    "HistoryEntry",
    "Instrument",
    "InstrumentScore",
    "Item",
    "ItemResponse",
    "Lapse",
    "LapseId",
    "LevelCount",
    "LifeDomain",
    "LifeDomainAssessment",
    "LinkCoping",
    "MigrationError",
    "NextStep",
    "OpenPlan",
    "PersonalValue",
    "Plan",
    "PlanBuilder",
    "PlanId",
    "Priority",
    "PriorityId",
    "Problem",
    "RankedItem",
    "Readiness",
    "ReadinessRating",
    "ReadinessRatingId",
    "ReasonForLiving",
    "ReasonForLivingId",
    "Record",
    "RecordAttainment",
    "ReliableChange",
    "ReliableChanges",
    "RemoveRecord",
    "ReplaceRecord",
    "Resource",
    "ResourceCategory",
    "ResourceId",
    "ResponseOption",
    "RoutineItem",
    "RoutineItemId",
    "SafetyAction",
    "SafetyActionId",
    "Score",
    "Scoring",
    "Session",
    "SessionId",
    "SetReadiness",
    "SetStage",
    "Severity",
    "SimulationError",
    "SimulationParameters",
    "SimulationResult",
    "SinglePointOfFailure",
    "StageOfChange",
    "Step",
    "StepProgress",
    "StepStatus",
    "Strategy",
    "Strength",
    "StrengthCategory",
    "StrengthId",
    "StrengthKind",
    "StrengthModelError",
    "Subscale",
    "SubscaleScore",
    "Suggestion",
    "Support",
    "SupportId",
    "SupportRole",
    "SurvivalTarget",
    "Trigger",
    "TriggerCategory",
    "TriggerId",
    "TriggerSource",
    "UnknownRecordError",
    "UnknownReferenceError",
    "UnlinkCoping",
    "UnsupportedVersionError",
    "UpdateClient",
    "ValidationError",
    "ValueId",
    "Virtue",
    "WarningSign",
    "WarningSignId",
    "__version__",
    "apply",
    "assessment_from_score",
    "builtin_instrument",
    "caseload",
    "classify_change",
    "clinical_cutoffs",
    "compare",
    "content_hash",
    "custom_assessment",
    "date_shift",
    "deidentify",
    "dump_lines",
    "dumps",
    "fit",
    "frames",
    "from_dict",
    "from_fhir",
    "gas_t_score",
    "gas_weight",
    "goal_attainment",
    "goal_stage",
    "iter_loads",
    "json_schema",
    "life_domain_priorities",
    "load_instrument",
    "loads",
    "next_steps",
    "ops",
    "process_graph",
    "progress",
    "reliable_change",
    "render",
    "replay",
    "rescore",
    "review",
    "sensitive_fields",
    "show",
    "simulate",
    "sweep",
    "to_dict",
    "to_fhir",
]
