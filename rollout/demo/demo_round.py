"""The demo round (seeds/demo/demo_round.yaml): the plan again, shifted so that today falls in
its application phase, and its applications per province, dated on the days they happened."""

from datetime import date, timedelta

from sqlalchemy import select

from rollout.applications import queries
from rollout.applications import services as applications
from rollout.applications.models import Application
from rollout.auth.models import Organisation, User
from rollout.changes import Act
from rollout.demo import accounts, progress
from rollout.demo.applications import fill_in_and_submit, start
from rollout.demo.content import Content
from rollout.demo.context import DEMO_ROUND_SLUG, Demo, moment
from rollout.plan.models import Activity
from rollout.plan.seeding import apply_plan, shift_plan
from rollout.timeutil import add_months

#: How far a province's demo organisation may get in the demo round, in order.
LAST_STEPS = ("started", "submitted", "withdrawn")


def demo_round_start(today: date) -> date:
    """The first of the month two months back: today then falls in the application phase
    (months 2 to 4 of the plan), before its deadline (the 21st of the fourth month)."""
    return add_months(today.replace(day=1), -2)


def demo_round_days(opened: date, today: date) -> dict[str, date]:
    """The days the demo round's steps happened: spread between the opening of the
    applications and today (never later, whatever day the demo is loaded)."""
    span = max((today - opened).days, 0)
    return {
        "started": opened + timedelta(days=span // 5),
        "submitted": opened + timedelta(days=2 * span // 5),
        "withdrawn": opened + timedelta(days=4 * span // 5),
    }


def add_round(demo: Demo) -> None:
    """The plan as the demo round, around today (its dates follow today on every load)."""
    name = demo.content("demo_round").text("name")
    start_day = demo_round_start(demo.today)
    apply_plan(demo.session, shift_plan(demo.spec, start_day, name, DEMO_ROUND_SLUG))


def _withdraw(demo: Demo, application: Application, by_id: int, day: date) -> None:
    reason = demo.content("demo_round").text("withdrawn_because")
    applications.withdraw(demo.session, application, reason, Act.by(by_id, moment(day)))


def _apply(
    demo: Demo, window: Activity, organisation: Organisation, last_step: str, by_id: int
) -> None:
    """The organisation's application, up to its last step, each on its day."""
    rollout = window.phase.rollout
    days = demo_round_days(window.planned_start, demo.today)
    application = start(demo, rollout, organisation, by_id, moment(days["started"]))
    if last_step in ("submitted", "withdrawn"):
        requirements = queries.requirements_of(demo.session, rollout)
        fill_in_and_submit(demo, application, requirements, by_id, moment(days["submitted"]))
    if last_step == "withdrawn":
        _withdraw(demo, application, by_id, days["withdrawn"])


def _steps(content: Content) -> dict[str, str]:
    """Each province's last step, checked."""
    steps = content.part("steps")
    for province_slug in steps.data:
        if steps.text(province_slug) not in LAST_STEPS:
            raise steps.error(province_slug, f"is geen van {', '.join(LAST_STEPS)}")
    return steps.data


def _take_part(
    demo: Demo, window: Activity, province_slug: str, last_step: str, lead: User
) -> None:
    """The province's demo organisation applies (where it has not yet), and the application
    window's progress in the province follows."""
    organisation = demo.organisation(accounts.organisation_slug(demo, province_slug))
    if organisation is None:
        return
    rollout = window.phase.rollout
    if queries.find_application(demo.session, rollout, organisation) is None:
        member = accounts.organisation_member(demo, province_slug)
        _apply(demo, window, organisation, last_step, member.id if member else lead.id)
    days = demo_round_days(window.planned_start, demo.today)
    done = days["submitted"] if last_step == "submitted" else None
    progress.record(demo, window, organisation.province, done, lead.id, start=days["started"])


def load(demo: Demo) -> None:
    """The demo round's applications and their progress per province, dated on the days they
    happened, through the same services as the pages. Only where nothing was recorded yet."""
    content = demo.content("demo_round")
    rollout = demo.rollout(DEMO_ROUND_SLUG)
    lead = demo.lead()
    if rollout is None or lead is None:
        return
    window = demo.session.scalar(
        select(Activity).where(
            Activity.rollout_id == rollout.id,
            Activity.slug == content.text("application_window"),
        )
    )
    if window is None or window.planned_start > demo.today:
        return
    for province_slug, last_step in _steps(content).items():
        _take_part(demo, window, province_slug, last_step, lead)
    demo.session.flush()
