"""Progress, so that the timelines have something to show (seeds/demo/progress.yaml): in the
2021-2022 round one province on time, others late or behind; in both rounds the programme's own
steps. Only where nothing was recorded yet."""

from datetime import date, timedelta

from sqlalchemy import select

from rollout.auth.models import User
from rollout.changes import Act
from rollout.demo import info_session
from rollout.demo.context import DEMO_ROUND_SLUG, Demo, moment
from rollout.plan.models import Activity, Province, Rollout, Scope
from rollout.plan.progress import Done, find_progress, record_done
from rollout.sessions.queries import INFO_SESSION_ACTIVITY
from rollout.staffing.rules import STEP_MILESTONES


def _record_done(
    demo: Demo,
    activity: Activity,
    province: Province | None,
    done: Done,
    by_id: int,
) -> None:
    record_done(
        demo.session,
        activity,
        province,
        done,
        act=Act(by_id, moment(done.actual_end or done.actual_start), demo.today),
        expected_version=0,
    )


def record(
    demo: Demo,
    activity: Activity,
    province: Province | None,
    end: date | None,
    by_id: int,
    start: date | None = None,
) -> None:
    """Record, through the app's own service, what happened on the days it happened (never
    after the demo's today); an empty `end`: begun on `start`, not done yet."""
    if find_progress(demo.session, activity, province) is not None:
        return  # never overwrite what was recorded
    if start is None and not activity.is_milestone:
        start = activity.planned_start
    if max(d for d in (start, end) if d is not None) > demo.today:
        return  # it has not happened yet
    if activity.slug == INFO_SESSION_ACTIVITY and province is not None and end is not None:
        # its one session, which dates the activity (as on the activity's page)
        info_session.record(demo, activity.phase.rollout, province, end, by_id)
        return
    if activity.slug in STEP_MILESTONES:
        return  # dated by the team itself
    note = demo.content("progress").text("note")
    _record_done(
        demo, activity, province, Done(actual_start=start, actual_end=end, note=note), by_id
    )


def _record_provinces(demo: Demo, activity: Activity, provinces: dict, lead: User) -> None:
    """The activity in every province of the file, as late as it says (not where it is left
    undone)."""
    content = demo.content("progress")
    not_done = content.mapping("not_done")
    delays_per_province = content.part("delays")
    for slug, delays in delays_per_province.data.items():
        delay = delays.get(activity.phase.number)
        if delay is None or activity.slug in (not_done.get(slug) or ()):
            continue
        if slug not in provinces:
            raise delays_per_province.error(slug, "is geen provincie van het plan")
        end = activity.planned_end + timedelta(days=delay)
        record(demo, activity, provinces[slug], end, lead.id)


def _record_round(demo: Demo, rollout: Rollout, provinces: dict, lead: User) -> None:
    """Every activity of the round that ended before today: the programme's own on their last
    planned day, the provinces' (not in the demo round) as the file says."""
    for activity in demo.session.scalars(select(Activity).where(Activity.rollout_id == rollout.id)):
        if activity.planned_end >= demo.today:
            continue
        if activity.scope is Scope.PROGRAMME:
            record(demo, activity, None, activity.planned_end, lead.id)
        elif rollout.slug != DEMO_ROUND_SLUG:
            _record_provinces(demo, activity, provinces, lead)


def load(demo: Demo) -> None:
    """Progress in the file's round and the first weeks of the demo round."""
    lead = demo.lead()
    provinces = {p.slug: p for p in demo.provinces()}
    for slug in (demo.content("progress").text("round"), DEMO_ROUND_SLUG):
        rollout = demo.rollout(slug)
        if rollout is not None:
            _record_round(demo, rollout, provinces, lead)
    demo.session.flush()
