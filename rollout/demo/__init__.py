"""Demo data for newcomers: an account for every role and province, and a round running now.

The content lives in `seeds/demo/`, one YAML file per area beside the plan; each module here
loads one area through the same services the app uses, and `STEPS` runs them in order. A new
area adds a file and a step. Running it again changes nothing but the demo round's dates (they
follow today).
"""

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from sqlalchemy.orm import Session

from rollout.demo import (
    accounts,
    applications,
    demo_round,
    prematching,
    progress,
    sessions,
    staffing,
)
from rollout.demo.content import DEMO_DIR, DemoContentError
from rollout.demo.context import DEMO_ROUND_SLUG, LEAD_EMAIL, Demo
from rollout.demo.demo_round import demo_round_days, demo_round_start
from rollout.plan.seeding import PlanSpec


class Step(NamedTuple):
    name: str
    load: Callable[[Demo], None]


#: What the demo loads, in this order: each step only adds what is missing.
STEPS = (
    Step("the demo round's plan", demo_round.add_round),
    Step("accounts", accounts.load),
    Step("applications", applications.load),
    Step("prematching", prematching.load),
    Step("teams", staffing.load),
    # after the teams (who is invited), before the progress (the sessions date their activities)
    Step("sessions", sessions.load),
    Step("progress", progress.load),
    Step("the demo round's applications", demo_round.load),
)


def load_demo(session: Session, spec: PlanSpec, today: date) -> list[str]:
    """Add the demo round, accounts and data to the plan `spec` (already applied), as it stands
    on `today`; returns the lines to print."""
    demo = Demo(session, spec, today)
    for step in STEPS:
        step.load(demo)
    return demo.lines


__all__ = [
    "DEMO_DIR",
    "DEMO_ROUND_SLUG",
    "LEAD_EMAIL",
    "STEPS",
    "DemoContentError",
    "Step",
    "demo_round_days",
    "demo_round_start",
    "load_demo",
]
