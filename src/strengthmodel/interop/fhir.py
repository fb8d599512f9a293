"""FHIR R4B exchange: a plan as a ``Bundle`` and back, after the HL7 PCO IG.

[`to_fhir`][strengthmodel.to_fhir] writes a plan as a FHIR R4B ``Bundle`` of type
``collection`` that follows the HL7 Person-Centered Outcomes (PCO) implementation guide
wherever it applies; [`from_fhir`][strengthmodel.from_fhir] reads the part that FHIR
carries back into a new plan. The bundle holds:

- a ``Patient`` identified by the client's pseudonym (the name only with
  ``include_sensitive=True``) and their preferred language;
- a ``CarePlan`` (status ``active``, intent ``plan``) that references every goal, with one
  activity per challenge and per coping skill;
- one ``Goal`` per goal (PCO goal profile; the PCO Goal Attainment Scaling profile and
  extension when the goal has a scale), and one PCO GAS score ``Observation`` per rating,
  answered from LOINC list LL6900-6;
- the readiness ratings as a PCO readiness assessment panel with importance and confidence
  members (LOINC list LL2335-9), and the stage of change as an ``Observation``;
- each completed instrument as a ``QuestionnaireResponse`` by item id (never item text) and
  one ``Observation`` per score (PHQ-9 total LOINC 44261-6, GAD-7 total 70274-6);
- supports, only with ``include_sensitive=True``: people as ``RelatedPerson``, professionals
  and crisis services as ``Organization`` participants of a ``CareTeam``;
- the change history as one ``Provenance`` per change (when, which change, which resource,
  and who, that last only with ``include_sensitive=True``).

Full URLs are ``urn:uuid:`` UUIDs derived (uuid5) from the plan id and each record id, and
the bundle's timestamp is the last change's, so the same plan always gives the same bundle.
The reference page (``docs/reference/fhir.md``) maps every field and says what is not
carried and why.

Examples:
    >>> import strengthmodel as sm
    >>> plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee")
    >>> plan = sm.ops.add_goal(plan, "Walk daily", id="g1", author="dr-lee")
    >>> bundle = sm.to_fhir(plan)
    >>> [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    ['Patient', 'CarePlan', 'Goal', 'Provenance', 'Provenance']
    >>> sm.from_fhir(bundle).get("g1").statement  # the statement is withheld by default
    '(withheld in the export)'
    >>> sm.from_fhir(sm.to_fhir(plan, include_sensitive=True)).get("g1").statement
    'Walk daily'
"""

from __future__ import annotations

from strengthmodel.interop._fhir_codes import CANONICAL, PCO
from strengthmodel.interop._fhir_export import to_fhir
from strengthmodel.interop._fhir_import import WITHHELD, from_fhir

__all__ = ["CANONICAL", "PCO", "WITHHELD", "from_fhir", "to_fhir"]
