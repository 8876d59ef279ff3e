"""One source of truth with the plan (issue 11, point 6): a plan activity that sessions belong to
takes its actual dates from them, through the plan's own progress service (history kept)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from rollout.changes import Act
from rollout.extensions import db
from rollout.plan.models import ProgressChange
from rollout.sessions.models import MeetingKind
from rollout.sessions.progress import (
    FROM_SESSIONS,
    SessionProgressError,
    dates_from,
    refuse_manual_done,
)
from tests.sessions.plan_helpers import (
    cancel,
    hold,
    meeting,
    progress_of,
    sync,
    the_activity,
    the_province,
)

OCT, NOV, DEC = date(2021, 10, 12), date(2021, 11, 16), date(2021, 12, 14)


def history() -> int:
    return db.session.scalar(select(func.count(ProgressChange.id)))


@pytest.fixture
def ctx(app, seeded):
    with app.app_context():
        yield
        db.session.rollback()


def test_the_rule_without_a_database(ctx):
    first = meeting("vorming-kaders-1", OCT, held=True)
    second = meeting("vorming-kaders-1", NOV)
    assert dates_from([first, second]) == (OCT, None)  # one still to come: in progress
    hold(second)
    assert dates_from([first, second]) == (OCT, NOV)
    assert dates_from([]) == (None, None)


def test_a_programme_wide_training_is_dated_from_first_to_last_held_session(ctx):
    first = meeting("vorming-kaders-1", OCT, held=True)
    planned = meeting("vorming-kaders-1", NOV)
    assert sync(first) is True
    assert progress_of("vorming-kaders-1") == (OCT, None)  # not done while one is planned
    hold(planned)
    assert sync(planned) is True
    assert progress_of("vorming-kaders-1") == (OCT, NOV)
    # nothing changes when nothing changed: no new history
    before = history()
    assert sync(planned) is False and history() == before


def test_a_cancelled_session_no_longer_holds_the_activity_back(ctx):
    held = meeting("vorming-kaders-2", NOV, held=True)
    later = meeting("vorming-kaders-2", DEC)
    sync(held)
    assert progress_of("vorming-kaders-2") == (NOV, None)
    cancel(later)
    assert sync(later) is True
    assert progress_of("vorming-kaders-2") == (NOV, NOV)


def test_cancelling_the_only_held_session_undoes_the_dates(ctx):
    only = meeting("vorming-kaders-3", DEC, held=True)
    sync(only)
    assert progress_of("vorming-kaders-3") == (DEC, DEC)
    cancel(only)
    assert sync(only) is True
    assert progress_of("vorming-kaders-3") == (None, None)


def test_a_makeup_session_does_not_date_the_activity(ctx):
    held = meeting("vorming-kaders-1", OCT, held=True)
    makeup = meeting("vorming-kaders-1", OCT + timedelta(days=20), makeup=True)
    sync(makeup)
    assert progress_of("vorming-kaders-1") == (OCT, OCT)  # a planned make-up keeps it done
    hold(makeup)
    sync(makeup)
    assert progress_of("vorming-kaders-1") == (OCT, OCT)  # a held one does not move its end
    assert held.is_held


def test_a_moved_session_re_dates_the_activity(ctx):
    first = meeting("vorming-kaders-1", OCT, held=True)
    sync(first)
    first.starts_at -= timedelta(days=2)
    first.ends_at -= timedelta(days=2)
    assert sync(first) is True
    assert progress_of("vorming-kaders-1") == (OCT - timedelta(days=2),) * 2


def test_a_province_activity_is_dated_per_province(ctx):
    jan, feb = date(2022, 1, 11), date(2022, 2, 8)
    antwerpen = meeting(
        "supervisie-maandelijks", jan, province="antwerpen", kind=MeetingKind.SUPERVISION
    )
    hold(antwerpen)
    limburg = meeting(
        "supervisie-maandelijks", feb, province="limburg", kind=MeetingKind.SUPERVISION
    )
    sync(antwerpen)
    sync(limburg)
    assert progress_of("supervisie-maandelijks", "antwerpen") == (jan, jan)
    # Limburg's only session is planned: nothing to record there yet
    assert progress_of("supervisie-maandelijks", "limburg") is None
    assert progress_of("supervisie-maandelijks") is None


def test_a_programme_wide_session_of_a_province_activity_counts_in_every_province(ctx):
    day = date(2022, 3, 15)
    made = meeting("werkgroep", day, kind=MeetingKind.WORKING_GROUP, held=True)
    sync(made)
    assert progress_of("werkgroep", "antwerpen") == (day, day)
    assert progress_of("werkgroep", "oost-vlaanderen") == (day, day)
    assert progress_of("werkgroep", "limburg") is None  # it takes no part in this round


def test_the_history_says_where_the_dates_came_from(ctx):
    made = meeting("vorming-kaders-1", OCT, held=True)
    sync(made, Act.by(None))
    reasons = set(db.session.scalars(select(ProgressChange.reason)))
    assert reasons == {FROM_SESSIONS}


def test_the_manual_done_form_is_refused_where_sessions_date_the_activity(ctx):
    activity = the_activity("vorming-kaders-1")
    refuse_manual_done(db.session, activity, None)  # no sessions yet: allowed
    meeting("vorming-kaders-1", OCT)
    with pytest.raises(SessionProgressError, match="komen uit haar sessies"):
        refuse_manual_done(db.session, activity, None)
    info = the_activity("infosessie-organisatie")
    with pytest.raises(SessionProgressError):
        refuse_manual_done(db.session, info, the_province("antwerpen"))
