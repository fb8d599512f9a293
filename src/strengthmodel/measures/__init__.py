"""Scoring math: Goal Attainment Scaling, reliable change, and scored instruments.

Pure functions with no knowledge of plans: the steps and plans use them, never the
reverse. Scalar inputs give Python numbers and records; numpy arrays give arrays, so a
whole simulated cohort is scored in one call.

- ``gas``: Goal Attainment Scaling T-scores (Kiresuk & Sherman 1968; Turner-Stokes 2009).
- ``reliable_change``: the reliable change index, clinical cut-offs and change
  categories (Jacobson & Truax 1991).
- ``instruments``: questionnaires as data, scored into totals, subscales, bands, flags
  and rankings (each instrument cites its own source).
"""
