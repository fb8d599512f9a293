"""strengthmodel: typed models of strength-based psychotherapy.

The seven steps (listen, meet the client where they are, focus on strengths,
challenge, assess strengths, set achievable goals, plan to stay well) as validated,
immutable records; plans that change only through typed, replayable changes; and
progress through the steps.

Example:
    >>> import strengthmodel as sm
    >>> plan = sm.PlanBuilder("client-1").concern("Feeling stuck at work").build()
    >>> sm.progress(plan)[sm.Step.LISTEN].status
    <StepStatus.IN_PROGRESS: 'in-progress'>
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from strengthmodel.client import Client
from strengthmodel.errors import (
    ConflictError,
    Problem,
    StrengthModelError,
    UnknownRecordError,
    UnknownReferenceError,
    ValidationError,
)
from strengthmodel.plans import operations as ops
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
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.progress import NextStep, StepProgress, StepStatus, next_steps, progress
from strengthmodel.steps.assessment import (
    Assessment,
    DomainEntry,
    ItemResponse,
    LifeDomainAssessment,
    Score,
)
from strengthmodel.steps.challenges import Challenge, ChallengeOutcome
from strengthmodel.steps.engagement import PersonalValue, Priority, Readiness, StageOfChange
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
    ReasonForLiving,
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

try:
    __version__ = version("strengthmodel")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "AddRecord",
    "Assessment",
    "Attainment",
    "Challenge",
    "ChallengeOutcome",
    "CharacterStrength",
    "Client",
    "Concern",
    "ConflictError",
    "CopingLevel",
    "CopingLink",
    "CopingSkill",
    "Determinant",
    "DomainEntry",
    "Evidence",
    "GasScale",
    "Goal",
    "GoalAchievementStatus",
    "GoalLifecycleStatus",
    "HistoryEntry",
    "ItemResponse",
    "LifeDomain",
    "LifeDomainAssessment",
    "LinkCoping",
    "NextStep",
    "OpenPlan",
    "PersonalValue",
    "Plan",
    "PlanBuilder",
    "Priority",
    "Problem",
    "Readiness",
    "ReasonForLiving",
    "RecordAttainment",
    "RemoveRecord",
    "ReplaceRecord",
    "RoutineItem",
    "SafetyAction",
    "Score",
    "Session",
    "SetReadiness",
    "SetStage",
    "StageOfChange",
    "Step",
    "StepProgress",
    "StepStatus",
    "Strength",
    "StrengthCategory",
    "StrengthKind",
    "StrengthModelError",
    "Support",
    "SupportRole",
    "Trigger",
    "TriggerCategory",
    "TriggerSource",
    "UnknownRecordError",
    "UnknownReferenceError",
    "UnlinkCoping",
    "UpdateClient",
    "ValidationError",
    "Virtue",
    "WarningSign",
    "__version__",
    "apply",
    "next_steps",
    "ops",
    "process_graph",
    "progress",
    "replay",
]
