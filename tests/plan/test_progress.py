"""Recording progress and moving planned dates, with history and optimistic locking."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from rollout.changes import Act
from rollout.extensions import db
from rollout.plan.models import Activity, Province
from rollout.plan.progress import (
    ConflictError,
    Done,
    Move,
    ProgressError,
    find_progress,
    move_planned,
    record_done,
)
from rollout.plan.queries import load_plan, province_figures

NOW = datetime(2021, 7, 5, 9, 0, tzinfo=UTC)
TODAY = date(2021, 7, 5)


def get(slug: str):
    return db.session.scalar(select(Activity).where(Activity.slug == slug))


def province(slug: str):
    return db.session.scalar(select(Province).where(Province.slug == slug))


@pytest.fixture
def ctx(app, seeded):
    with app.app_context():
        yield


def done(activity, where, end, *, version=0, start=None, note="", today=TODAY):
    return record_done(
        db.session,
        activity,
        where,
        Done(start, end, note),
        act=Act(None, NOW, today),
        expected_version=version,
    )


def test_recording_keeps_history_of_every_change(ctx):
    activity, antwerpen = get("prematching-gesprek"), province("antwerpen")
    done(activity, antwerpen, date(2021, 6, 28), start=date(2021, 6, 2), note="Gesprek gevoerd")
    done(
        activity,
        antwerpen,
        date(2021, 6, 29),
        start=date(2021, 6, 2),
        note="Datum gecorrigeerd",
        version=1,
    )
    db.session.commit()
    progress = find_progress(db.session, activity, antwerpen)
    assert progress.actual_end == date(2021, 6, 29)
    assert progress.version == 2
    changes = [(c.field, c.old_value, c.new_value) for c in progress.changes]
    assert ("actual_end", "2021-06-28", "2021-06-29") in changes
    assert ("actual_end", "", "2021-06-28") in changes
    assert ("note", "Gesprek gevoerd", "Datum gecorrigeerd") in changes
    assert all(c.changed_at == NOW for c in progress.changes)


def test_a_stale_form_is_a_conflict_and_changes_nothing(ctx):
    activity, antwerpen = get("prematching-gesprek"), province("antwerpen")
    done(activity, antwerpen, date(2021, 6, 28))
    db.session.commit()
    with pytest.raises(ConflictError):
        done(activity, antwerpen, date(2021, 6, 30), version=0)  # opened before the first save
    db.session.rollback()
    assert find_progress(db.session, activity, antwerpen).actual_end == date(2021, 6, 28)


def move(activity, where, start, end, reason="Verschoven"):
    return move_planned(
        db.session,
        activity,
        where,
        Move(start, end, reason),
        act=Act.by(None, NOW),
        expected_version=0,
    )


def test_done_dates_must_make_sense(ctx):
    activity, antwerpen = get("prematching-gesprek"), province("antwerpen")
    with pytest.raises(ProgressError, match="toekomst") as error:
        done(activity, antwerpen, date(2021, 7, 6))
    assert error.value.field == "actual_end"
    with pytest.raises(ProgressError, match="voor de begindatum"):
        done(activity, antwerpen, date(2021, 6, 1), start=date(2021, 6, 10))
    # nothing of the 2021-2022 round happened before it began on 1 Feb 2021
    with pytest.raises(ProgressError, match="begin van de ronde") as error:
        done(activity, antwerpen, date(2021, 6, 1), start=date(2020, 1, 1))
    assert error.value.field == "actual_start" and "1 feb 2021" in str(error.value)
    with pytest.raises(ProgressError, match="begin van de ronde"):
        move(activity, antwerpen, date(2020, 1, 1), date(2021, 6, 30))
    # done late, after the round's last planned day, is a fact worth recording
    assert done(get("evaluatie"), antwerpen, date(2023, 1, 15), today=date(2023, 2, 1))


def test_a_milestone_has_one_date(ctx):
    decision, antwerpen = get("beslissing"), province("antwerpen")
    done(decision, antwerpen, date(2021, 6, 29), start=date(2021, 6, 1))
    progress = find_progress(db.session, decision, antwerpen)
    assert progress.actual_start == progress.actual_end == date(2021, 6, 29)
    with pytest.raises(ProgressError, match="één datum"):
        move_planned(
            db.session,
            decision,
            antwerpen,
            Move(date(2021, 7, 1), date(2021, 7, 9), "later"),
            act=Act.by(None, NOW),
            expected_version=1,
        )


def test_moving_planned_dates_needs_a_reason_and_applies_to_one_province(ctx):
    activity = get("blauwdruk")
    antwerpen, limburg = province("antwerpen"), province("west-vlaanderen")
    with pytest.raises(ProgressError, match="reden"):
        move_planned(
            db.session,
            activity,
            antwerpen,
            Move(date(2021, 10, 1), date(2021, 12, 20), " "),
            act=Act.by(None, NOW),
            expected_version=0,
        )
    move_planned(
        db.session,
        activity,
        antwerpen,
        Move(date(2021, 10, 1), date(2021, 12, 20), "Directie pas in oktober beschikbaar"),
        act=Act.by(None, NOW),
        expected_version=0,
    )
    db.session.commit()
    data = load_plan(db.session, activity.phase.rollout, date(2021, 12, 10))
    moved, other = data.state(activity, antwerpen.id), data.state(activity, limburg.id)
    assert (moved.planned_end, moved.moved) == (date(2021, 12, 20), True)
    assert moved.status.value == "in_progress"
    assert (other.planned_end, other.moved) == (date(2021, 11, 30), False)
    assert other.status.value == "overdue"
    change = find_progress(db.session, activity, antwerpen).changes[0]
    assert change.reason == "Directie pas in oktober beschikbaar"

    # moved back to the plan's dates: the override is gone
    move_planned(
        db.session,
        activity,
        antwerpen,
        Move(activity.planned_start, activity.planned_end, "toch niet"),
        act=Act.by(None, NOW),
        expected_version=1,
    )
    assert find_progress(db.session, activity, antwerpen).planned_end is None


def test_a_programme_wide_activity_is_recorded_once_for_every_province(ctx):
    training = get("vorming-kaders-1")
    with pytest.raises(ProgressError):
        done(get("blauwdruk"), None, date(2021, 6, 1))  # a province-level one needs a province
    done(training, province("antwerpen"), date(2021, 7, 1))
    db.session.commit()
    data = load_plan(db.session, training.phase.rollout, TODAY)
    for p in data.provinces:
        assert data.state(training, p.id).actual_end == date(2021, 7, 1)
    assert find_progress(db.session, training, None).province_id is None


def test_province_figures_count_done_late_and_overdue_and_days_behind(ctx):
    antwerpen = province("antwerpen")
    rollout = get("blauwdruk").phase.rollout
    for activity in db.session.scalars(select(Activity).where(Activity.rollout_id == rollout.id)):
        if activity.phase.number == 1:
            late = 10 if activity.slug == "website" else 0
            end = activity.planned_end.replace(day=activity.planned_end.day)
            done(
                activity,
                antwerpen,
                date.fromordinal(end.toordinal() + late),
                today=date(2022, 1, 1),
            )
    db.session.commit()
    data = load_plan(db.session, rollout, date(2021, 4, 30))
    figures = province_figures(data, antwerpen)
    first, second = figures.phases[0], figures.phases[1]
    assert first.complete and first.deviation_days == 10  # website ten days after 31 March
    assert figures.done == 3 and figures.done_late == 1
    assert first.on_time_share == 0.75
    assert second.deviation_days is None and not second.complete
    assert figures.stands_in.number == 2
    later = province_figures(load_plan(db.session, rollout, date(2021, 6, 10)), antwerpen)
    assert later.phases[1].deviation_days == 20  # last activity due 21 May, not done on 10 June
    assert later.overdue >= 3
