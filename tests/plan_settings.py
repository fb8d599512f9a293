"""Example budgets for properties over whole generated plans.

A generated plan is a whole history (about 40 changes at the median), so each example
costs as much as dozens of record examples. Properties over plans run a third of the
profile's examples: 20 by default, 100 under ``ci``, about 670 under ``explore``.
"""

from hypothesis import HealthCheck, settings

_current = settings()  # the profile conftest.py loaded

PLAN_SETTINGS = settings(
    _current,
    max_examples=max(10, _current.max_examples // 3),
    # A whole history takes tens of milliseconds to draw; on a busy machine the first
    # examples can trip the too_slow health check without anything being wrong.
    suppress_health_check=[*_current.suppress_health_check, HealthCheck.too_slow],
)
"""Settings for a property over generated plans (decorate the test with it)."""
