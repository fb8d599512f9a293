"""Shared test configuration: Hypothesis profiles."""

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=60, deadline=timedelta(seconds=2))
# CI is deterministic (derandomize): a submission must not land or fail by chance. The
# random "explore" profile is for hunting bugs locally: HYPOTHESIS_PROFILE=explore.
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "explore",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)
