"""The codes, code systems, extension URLs and profiles of the FHIR mapping.

Standard codes come from their publishers, looked up in the HL7 Person-Centered
Outcomes (PCO) implementation guide (repository HL7/pco-ig, ``input/fsh/``:
``GASProfiles.fsh``, ``GASTerminology.fsh``, ``PCOReadinessAssessment.fsh``,
``PCOProfiles.fsh``, ``PCOTerminology.fsh``, ``PCOExamples.fsh``):

- Goal Attainment Scaling: the goal extension ``pco-goal-attainment-scaling`` (sub-extensions
  ``level``, a Coding from LOINC answer list LL6900-6, and ``text``), the GAS goal profile
  whose target measure is LOINC 107332-9, and the GAS score observation valued from LL6900-6.
- Readiness: the ``readiness-assessment-concepts`` code system (``readiness-assessment``,
  ``importance``, ``confidence``), valued from LOINC answer list LL2335-9 (0 to 10).

Where no standard code exists the mapping uses code systems under the project's own
canonical URL ([`CANONICAL`][strengthmodel.interop.fhir.CANONICAL]); the reference page
lists each one.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CANONICAL",
    "DATA_ABSENT",
    "GAS_ANSWERS",
    "GAS_CODES",
    "GAS_EXTENSION",
    "LOINC",
    "PCO",
    "READINESS_ANSWERS",
    "READINESS_SYSTEM",
    "TOTAL_LOINC",
]

CANONICAL: Final = "https://strengthmodel.readthedocs.io/fhir"
"""The project's canonical base URL for its own code systems and extensions."""

PCO: Final = "http://hl7.org/fhir/us/pco"
"""Canonical URL of the HL7 Person-Centered Outcomes IG (``sushi-config.yaml``)."""

LOINC: Final = "http://loinc.org"
UCUM: Final = "http://unitsofmeasure.org"
BCP47: Final = "urn:ietf:bcp:47"
GOAL_ACHIEVEMENT: Final = "http://terminology.hl7.org/CodeSystem/goal-achievement"
OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT: Final = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
"""Marks a required element whose value was withheld (code ``masked``)."""

GAS_EXTENSION: Final = f"{PCO}/StructureDefinition/pco-goal-attainment-scaling"
GAS_GOAL_PROFILE: Final = f"{PCO}/StructureDefinition/pco-gas-goal-profile"
GAS_OBSERVATION_PROFILE: Final = f"{PCO}/StructureDefinition/pco-gas-score-observation"
READINESS_PROFILE: Final = f"{PCO}/StructureDefinition/pco-readiness-assessment"
READINESS_SYSTEM: Final = f"{PCO}/CodeSystem/readiness-assessment-concepts"

GAS_MEASURE: Final = ("107332-9", "Goal attainment scale - Reported")
"""LOINC code of the GAS goal target measure and of a reported GAS score."""

GAS_CODES: Final = frozenset({"107332-9", "107333-7", "107334-5", "107331-1"})
"""LOINC codes of value set goal-attainment-scaling-score (reported, practitioner,
patient and caregiver follow-up): an observation with any of them is a GAS score."""

GAS_ANSWERS: Final[dict[int, tuple[str, str]]] = {
    2: ("LA34479-8", "Much better than expected"),
    1: ("LA34480-6", "Better than expected"),
    0: ("LA34481-4", "Expected outcome"),
    -1: ("LA34483-0", "Less than expected"),
    -2: ("LA34484-8", "Much less than expected"),
}
"""GAS level to LOINC answer (list LL6900-6)."""

READINESS_ANSWERS: Final[tuple[str, ...]] = (
    "LA6111-4",
    "LA6112-2",
    "LA6113-0",
    "LA6114-8",
    "LA6115-5",
    "LA10137-0",
    "LA10138-8",
    "LA10139-6",
    "LA10140-4",
    "LA10141-2",
    "LA13942-0",
)
"""LOINC answers 0 to 10 of list LL2335-9 (numeric rating scale), by position."""

TOTAL_LOINC: Final[dict[str, str]] = {"phq-9": "44261-6", "gad-7": "70274-6"}
"""LOINC codes of the instrument totals that have one."""


def system(name: str) -> str:
    """The URL of one of the project's own code systems."""
    return f"{CANONICAL}/CodeSystem/{name}"


def identifier_system(name: str) -> str:
    """The URL of one of the project's own identifier systems."""
    return f"{CANONICAL}/identifier/{name}"


def extension(name: str) -> str:
    """The URL of one of the project's own extensions."""
    return f"{CANONICAL}/StructureDefinition/{name}"
