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
from rollout.sessions.models import Attendance, Meeting, MeetingChange, MeetingSeries
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
            for model in (
                Application,
                ApplicationEvent,
                ApplicationVersion,
                ProgressChange,
                Meeting,
                MeetingSeries,
                MeetingChange,
                Attendance,
            )
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


def _round(slug: str) -> Rollout:
    return db.session.scalar(select(Rollout).where(Rollout.slug == slug))


def _progress(rollout: Rollout, slug: str) -> dict:
    from rollout.plan.models import Activity

    return {
        p.province_id: (p.actual_start, p.actual_end)
        for p in db.session.scalars(
            select(ActivityProgress)
            .join(Activity)
            .where(Activity.rollout_id == rollout.id, Activity.slug == slug)
        )
    }


def test_the_framework_trainings_are_held_and_everyone_is_covered_thanks_to_a_make_up(demo):
    """Issue 11, item 8: the three trainings held with the members of both teams of every
    province that takes part; one person missed one and made it up; the coverage table then
    shows nobody missing a training, and the trainings date their activities."""
    from rollout.sessions import reports
    from rollout.sessions.models import AttendanceStatus, MeetingKind
    from rollout.timeutil import to_brussels

    rollout = _round("2021-2022")
    trainings = db.session.scalars(
        select(Meeting)
        .where(Meeting.rollout_id == rollout.id, Meeting.kind == MeetingKind.FRAMEWORK_TRAINING)
        .order_by(Meeting.starts_at)
    ).all()
    regular = [m for m in trainings if not m.is_makeup]
    assert [m.activity.slug for m in regular] == [
        "vorming-kaders-1",
        "vorming-kaders-2",
        "vorming-kaders-3",
    ]
    assert all(m.is_held and m.province_id is None and m.led_by == "Jo Voets" for m in regular)
    # the members of both teams of the three provinces with teams (Oost-Vlaanderen is undecided)
    assert all(len(m.attendance) == 18 for m in regular)
    missed = [(m, a) for m in regular for a in m.attendance if a.status != AttendanceStatus.PRESENT]
    assert len(missed) == 1
    training, absence = missed[0]
    (makeup,) = [m for m in trainings if m.is_makeup]
    assert makeup.is_held and makeup.activity_id == training.activity_id
    assert makeup.starts_at > training.starts_at
    present = [a for a in makeup.attendance if a.status == AttendanceStatus.PRESENT]
    assert [a.person_key for a in present] == [absence.person_key]

    table = reports.coverage_table(db.session, rollout, TODAY)
    assert all(gaps == [] for _, gaps, _ in table.rows)
    assert sum(count for _, _, count in table.rows) == 17  # one left in West-Vlaanderen
    for m in regular:  # a make-up never dates its activity
        day = to_brussels(m.starts_at).date()
        assert _progress(rollout, m.activity.slug) == {None: (day, day)}


def test_one_province_misses_two_months_of_supervision(demo):
    """The monthly supervision series in every province with teams, January to May 2022:
    West-Vlaanderen had one cancelled (with its reason) and one never recorded, so the cadence
    grid flags it and its supervision stays in progress; elsewhere it is done, dated from its
    sessions."""
    from rollout.sessions import reports
    from rollout.sessions.figures import MonthStatus

    rollout = _round("2021-2022")
    grid = reports.cadence_grid(db.session, rollout, TODAY)
    cadence = {p.slug: c for p, c in grid.rows}
    assert [c.status for c in cadence["west-vlaanderen"].months] == [
        MonthStatus.HELD,
        MonthStatus.CANCELLED,
        MonthStatus.MISSED,
        MonthStatus.HELD,
        MonthStatus.HELD,
    ]
    assert cadence["west-vlaanderen"].flagged
    for slug in ("antwerpen", "vlaams-brabant-brussel"):
        assert not cadence[slug].flagged and cadence[slug].held == 5
    # undecided, without teams: no supervision at all (flagged too)
    assert cadence["oost-vlaanderen"].held == 0
    cancelled = db.session.scalars(select(Meeting).where(Meeting.cancelled_at.is_not(None))).all()
    assert len(cancelled) == 1 and cancelled[0].cancel_reason

    dates = {p.slug: _progress(rollout, "supervisie-maandelijks").get(p.id) for p, _ in grid.rows}
    assert dates["antwerpen"] == (date(2022, 1, 11), date(2022, 5, 10))  # second Tuesdays
    assert dates["west-vlaanderen"] == (date(2022, 1, 11), None)
    assert dates["oost-vlaanderen"] is None


def test_phase_5_and_the_working_group_have_held_sessions(demo):
    from rollout.sessions.models import MeetingKind

    rollout = _round("2021-2022")
    held = {
        kind: sum(
            1
            for m in db.session.scalars(
                select(Meeting).where(Meeting.rollout_id == rollout.id, Meeting.kind == kind)
            )
            if m.is_held and m.attendance
        )
        for kind in (MeetingKind.WORKING_GROUP, MeetingKind.WORKSHOP, MeetingKind.CASE_SUPERVISION)
    }
    assert held == {
        MeetingKind.WORKING_GROUP: 9,
        MeetingKind.WORKSHOP: 3,
        MeetingKind.CASE_SUPERVISION: 3,
    }


def test_the_demo_round_has_upcoming_sessions(demo):
    from rollout.timeutil import to_brussels

    meetings = db.session.scalars(
        select(Meeting).where(Meeting.rollout_id == _round("demo").id)
    ).all()
    assert len(meetings) == 3
    for m in meetings:
        assert to_brussels(m.starts_at).date() > TODAY
        assert not m.is_held and not m.is_cancelled and m.invitations_sent == 0
        assert m.activity.planned_start <= to_brussels(m.starts_at).date() <= m.activity.planned_end


def test_sessions_are_at_their_brussels_times(demo):
    from datetime import time

    from rollout.sessions.models import MeetingKind
    from rollout.timeutil import to_brussels

    rollout = _round("2021-2022")
    for kind, start in (
        (MeetingKind.FRAMEWORK_TRAINING, time(9, 30)),  # summer and winter time
        (MeetingKind.SUPERVISION, time(13, 30)),  # January to May, across the change
    ):
        meetings = db.session.scalars(
            select(Meeting).where(Meeting.rollout_id == rollout.id, Meeting.kind == kind)
        ).all()
        assert {to_brussels(m.starts_at).time() for m in meetings if not m.is_makeup} == {start}


def test_the_demo_rounds_sessions_follow_today(app, demo, plan_spec):
    """Loaded again months later, the demo round has moved: its sessions move with it (the
    history says why), none is added."""
    from rollout.timeutil import to_brussels

    later = date(2027, 1, 20)
    load_demo(db.session, plan_spec, later)
    db.session.commit()
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.rollout_id == _round("demo").id)
    ).all()
    assert len(meetings) == 3
    for m in meetings:
        assert m.activity.planned_start <= to_brussels(m.starts_at).date() <= m.activity.planned_end
        assert to_brussels(m.starts_at).date() > later
        assert any("volgt de datum van vandaag" in c.reason for c in m.changes)
