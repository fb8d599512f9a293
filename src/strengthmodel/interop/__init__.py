"""Exchange with other systems: JSON Schema for non-Python apps, FHIR R4B bundles."""
