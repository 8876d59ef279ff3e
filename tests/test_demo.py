"""The demo data gives the overview something to compare (issue 9, point 16): in both rounds
one province ahead, one behind, one with a withdrawal or a late step, everything dated on the
day it happened, and a province still undecided."""

from datetime import date

import pytest
from sqlalchemy import func, select

from rollout.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ApplicationVersion,
)
from rollout.demo import demo_round_days, demo_round_start, load_demo
from rollout.extensions import db
from rollout.plan import queries
from rollout.plan.models import ActivityProgress, ProgressChange, Rollout
from rollout.plan.seeding import apply_plan, shift_plan
from rollout.prematching.models import Decision
from rollout.timeutil import brussels_today

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(app, plan_spec, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password 123")
    with app.app_context():
        apply_plan(db.session, plan_spec)
        load_demo(db.session, plan_spec, TODAY)
        db.session.commit()
        yield


def _figures(slug: str) -> dict:
    rollout = db.session.scalar(select(Rollout).where(Rollout.slug == slug))
    data = queries.load_plan(db.session, rollout, TODAY)
    return {p.slug: queries.province_figures(data, p) for p in data.provinces}


def _statuses(slug: str) -> dict[str, ApplicationStatus]:
    applications = db.session.scalars(
        select(Application).join(Rollout).where(Rollout.slug == slug)
    ).all()
    return {a.organisation.province.slug: a.status for a in applications}


def _decided(slug: str) -> set[str]:
    decisions = db.session.scalars(select(Decision).join(Rollout).where(Rollout.slug == slug))
    return {d.province.slug for d in decisions}


def test_the_provinces_differ_in_the_2021_2022_round(demo):
    figures = _figures("2021-2022")
    done = {slug: f.done + f.done_late for slug, f in figures.items()}
    assert done["antwerpen"] == figures["antwerpen"].total  # ahead: everything on time
    assert done["oost-vlaanderen"] < done["west-vlaanderen"] < done["antwerpen"]  # behind
    assert sum(f.done_late for f in figures.values()) >= 1  # late steps
    assert sum(f.overdue for f in figures.values()) >= 1
    assert "oost-vlaanderen" in set(figures) - _decided("2021-2022")  # still undecided


def test_the_provinces_differ_in_the_running_demo_round(demo):
    figures = _figures("demo")
    assert "limburg" not in figures  # takes no part
    done = {slug: f.done + f.done_late for slug, f in figures.items()}
    assert done["vlaams-brabant-brussel"] > done["antwerpen"]  # ahead: submitted early
    statuses = _statuses("demo")
    assert statuses == {
        "antwerpen": ApplicationStatus.DRAFT,
        "vlaams-brabant-brussel": ApplicationStatus.SUBMITTED,
        "west-vlaanderen": ApplicationStatus.WITHDRAWN,
    }
    # behind: nothing started in Oost-Vlaanderen, which stays undecided (like in 2021-2022)
    oost = figures["oost-vlaanderen"]
    assert oost.done == min(done.values()) and all(
        p.first_actual_start is None for p in oost.phases[1:]
    )
    assert "oost-vlaanderen" in set(figures) - _decided("demo")
    started = {slug for slug, f in figures.items() if f.phases[1].first_actual_start is not None}
    assert started == {"antwerpen", "vlaams-brabant-brussel", "west-vlaanderen"}


def test_everything_is_dated_on_the_day_it_happened_never_after_today(demo):
    for progress in db.session.scalars(select(ActivityProgress)):
        for day in (progress.actual_start, progress.actual_end):
            assert day is None or day <= TODAY
    for change in db.session.scalars(select(ProgressChange)):
        assert brussels_today(change.changed_at) <= TODAY
    for event in db.session.scalars(select(ApplicationEvent)):
        assert brussels_today(event.at) <= TODAY
    rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "demo"))
    submitted = db.session.scalar(
        select(Application.submitted_at).where(
            Application.rollout_id == rollout.id, Application.status == ApplicationStatus.SUBMITTED
        )
    )
    opened = next(a for p in rollout.phases for a in p.activities if a.slug == "aanmeldingsfiche")
    assert opened.planned_start <= brussels_today(submitted) < TODAY


@pytest.mark.parametrize(
    "today", [date(2026, 1, 1), date(2026, 2, 28), date(2026, 11, 1), date(2027, 3, 31)]
)
def test_the_demo_rounds_steps_lie_between_its_opening_and_today(today, plan_spec):
    spec = shift_plan(plan_spec, demo_round_start(today), "demo", "demo")
    opened = next(a.start for a in spec.activities if a.slug == "aanmeldingsfiche")
    days = demo_round_days(opened, today)
    assert opened <= days["started"] < days["submitted"] < days["withdrawn"] < today


def test_seeding_twice_adds_nothing(app, demo, plan_spec):
    def counts():
        return [
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Application, ApplicationEvent, ApplicationVersion, ProgressChange)
        ]

    before = counts()
    load_demo(db.session, plan_spec, TODAY)
    db.session.commit()
    assert counts() == before


def test_the_info_sessions_are_held_sessions_that_date_their_activity(demo):
    """The information session for all staff is a session of the sessions area (issue 11):
    where the demo reaches it, one held session per province dates its activity."""
    from rollout.plan.models import Activity
    from rollout.sessions.models import Meeting, MeetingKind
    from rollout.timeutil import to_brussels

    rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "2021-2022"))
    meetings = db.session.scalars(
        select(Meeting).where(
            Meeting.rollout_id == rollout.id, Meeting.kind == MeetingKind.INFO_SESSION
        )
    ).all()
    assert meetings and all(m.is_held and m.head_count == 35 for m in meetings)
    assert len({m.province_id for m in meetings}) == len(meetings)  # one per province
    done = dict(
        db.session.execute(
            select(ActivityProgress.province_id, ActivityProgress.actual_end)
            .join(Activity)
            .where(Activity.rollout_id == rollout.id, Activity.slug == "infosessie-organisatie")
        ).all()
    )
    for m in meetings:
        assert done[m.province_id] == to_brussels(m.starts_at).date()
