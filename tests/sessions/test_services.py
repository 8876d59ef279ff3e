"""The session services on the real database (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from rollout.changes import Act
from rollout.extensions import db
from rollout.sessions import services
from rollout.sessions.models import Meeting, MeetingAttachment, MeetingKind, MeetingSeries
from rollout.timeutil import brussels_to_utc, to_brussels
from tests.sessions.helpers import ACT, LATER, plan, province, rollout, series_spec, supervision


@pytest.fixture
def ctx(app, seeded):
    with app.app_context():
        yield


def test_plan_a_session_records_who_and_when(ctx):
    meeting = plan()
    assert meeting.id and meeting.version == 1
    assert meeting.starts_at == datetime(2022, 1, 11, 12, 30, tzinfo=UTC)
    [change] = meeting.changes
    assert change.text == "Gepland op 11 jan 2022 13:30-16:00."
    assert change.at == ACT.now


def test_end_before_start_is_refused_at_the_end(ctx):
    with pytest.raises(services.MeetingError) as refused:
        plan(supervision(start=time(16), end=time(13, 30)))
    assert refused.value.field == "end"


def test_a_session_outside_its_round_is_refused(ctx):
    with pytest.raises(services.MeetingError) as refused:
        plan(supervision(day=date(2023, 3, 14)))
    assert refused.value.field == "day" and "buiten de ronde" in str(refused.value)
    with pytest.raises(services.MeetingError) as refused:
        plan(supervision(day=date(2021, 1, 12)))
    assert refused.value.field == "day"


def test_supervision_belongs_to_the_monthly_supervision(ctx):
    with pytest.raises(services.MeetingError) as refused:
        plan(supervision(activity_slug="werkgroep"))
    assert refused.value.field == "activity"


def test_an_overlapping_session_of_the_same_province_is_refused(ctx):
    plan()
    with pytest.raises(services.MeetingError) as refused:
        plan(supervision(start=time(15), end=time(17)))
    assert refused.value.field == "day"
    assert "Op 11 jan 2022 in Antwerpen is er al een sessie van 13:30 tot 16:00" in str(
        refused.value
    )
    db.session.rollback()
    plan(supervision(where="oost-vlaanderen"))  # another province: fine


def test_move_needs_a_reason_and_keeps_from_and_to(ctx):
    meeting = plan()
    moved = supervision(day=date(2022, 1, 18))
    with pytest.raises(services.MeetingError) as refused:
        services.edit_meeting(
            db.session, meeting, moved, reason=" ", act=ACT, expected_version=meeting.version
        )
    assert refused.value.field == "reason"
    db.session.rollback()
    services.edit_meeting(
        db.session, meeting, moved, reason="Ziekte trainer", act=ACT, expected_version=1
    )
    db.session.commit()
    assert meeting.version == 2
    assert to_brussels(meeting.starts_at).date() == date(2022, 1, 18)
    latest = meeting.changes[0]
    assert latest.text == "Verplaatst van 11 jan 2022 13:30-16:00 naar 18 jan 2022 13:30-16:00."
    assert latest.reason == "Ziekte trainer"


def test_an_edit_without_a_new_time_needs_no_reason(ctx):
    meeting = plan()
    details = supervision()
    details.place = "Online"
    details.online_link = "https://meet.example.org/pp"
    services.edit_meeting(db.session, meeting, details, reason="", act=ACT, expected_version=1)
    db.session.commit()
    assert meeting.changes[0].text == "Gewijzigd: plaats, link."


def test_a_stale_version_is_a_conflict(ctx):
    meeting = plan()
    with pytest.raises(services.MeetingConflict):
        services.edit_meeting(
            db.session, meeting, supervision(), reason="", act=ACT, expected_version=0
        )
    with pytest.raises(services.MeetingConflict):
        services.cancel_meeting(db.session, meeting, reason="x", act=ACT, expected_version=7)


def test_cancel_needs_a_reason_keeps_it_and_the_session_stays(ctx):
    meeting = plan()
    with pytest.raises(services.MeetingError) as refused:
        services.cancel_meeting(db.session, meeting, reason="", act=ACT, expected_version=1)
    assert refused.value.field == "reason"
    db.session.rollback()
    services.cancel_meeting(
        db.session, meeting, reason="Te weinig deelnemers", act=ACT, expected_version=1
    )
    db.session.commit()
    assert meeting.is_cancelled and meeting.cancel_reason == "Te weinig deelnemers"
    assert db.session.get(Meeting, meeting.id) is not None
    with pytest.raises(services.MeetingError):
        services.edit_meeting(
            db.session, meeting, supervision(), reason="", act=ACT, expected_version=2
        )
    db.session.rollback()
    # its slot is free again
    plan(supervision(start=time(14), end=time(15)))


def _count(model=Meeting) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_series_is_generated_at_brussels_times_across_the_clock_change(ctx):
    result = services.generate_series(db.session, rollout(), series_spec(), ACT)
    db.session.commit()
    assert [m.occurrence for m in result.added] == [
        date(2022, 1, 11),
        date(2022, 2, 8),
        date(2022, 3, 8),
        date(2022, 4, 12),
        date(2022, 5, 10),
    ]
    january, april = result.added[0], result.added[3]
    assert january.starts_at == datetime(2022, 1, 11, 12, 30, tzinfo=UTC)  # UTC+1
    assert april.starts_at == datetime(2022, 4, 12, 11, 30, tzinfo=UTC)  # UTC+2
    assert {to_brussels(m.starts_at).strftime("%H:%M") for m in result.added} == {"13:30"}
    series = db.session.scalar(select(MeetingSeries))
    assert series.rule == "FREQ=MONTHLY;BYDAY=+2TU" and series.start_time == "13:30"
    assert all(m.series_id == series.id for m in result.added)


def test_regenerating_never_duplicates_and_leaves_moved_and_cancelled_sessions(ctx):
    first = services.generate_series(db.session, rollout(), series_spec(), ACT)
    db.session.commit()
    february, march = first.added[1], first.added[2]
    moved = supervision(day=date(2022, 2, 15))
    services.edit_meeting(
        db.session, february, moved, reason="Krokusvakantie", act=ACT, expected_version=1
    )
    services.cancel_meeting(db.session, march, reason="Staking", act=ACT, expected_version=1)
    db.session.commit()
    again = services.generate_series(
        db.session, rollout(), series_spec(last_day=date(2022, 6, 30)), ACT
    )
    db.session.commit()
    assert [m.occurrence for m in again.added] == [date(2022, 6, 14)]
    assert len(again.skipped) == 5
    assert _count() == 6
    assert to_brussels(db.session.get(Meeting, february.id).starts_at).date() == date(2022, 2, 15)
    assert db.session.get(Meeting, march.id).is_cancelled


def test_a_series_for_all_provinces_that_take_part(ctx):
    result = services.generate_series(db.session, rollout(), series_spec(where=None), ACT)
    db.session.commit()
    provinces = {m.province.slug for m in result.added}
    assert provinces == {
        "antwerpen",
        "oost-vlaanderen",
        "vlaams-brabant-brussel",
        "west-vlaanderen",
    }
    assert len(result.added) == 20 and _count(MeetingSeries) == 4
    # generating Antwerpen's again adds nothing
    again = services.generate_series(db.session, rollout(), series_spec(), ACT)
    assert again.added == [] and len(again.skipped) == 5


def test_a_series_that_collides_is_refused_whole_naming_the_date(ctx):
    plan(supervision(day=date(2022, 3, 8), start=time(14), end=time(15)))
    with pytest.raises(services.MeetingError) as refused:
        services.generate_series(db.session, rollout(), series_spec(), ACT)
    assert refused.value.field == "ordinal"
    assert str(refused.value).startswith("Op 8 mrt 2022 in Antwerpen is er al een sessie")
    db.session.rollback()
    assert _count() == 1


def test_a_series_from_a_list_of_dates(ctx):
    days = [date(2022, 1, 12), date(2022, 2, 9)]
    result = services.generate_series(db.session, rollout(), series_spec(rule="", dates=days), ACT)
    assert [m.occurrence for m in result.added] == days
    with pytest.raises(services.MeetingError) as refused:
        services.generate_series(
            db.session, rollout(), series_spec(rule="", dates=[date(2022, 7, 1)]), ACT
        )
    assert refused.value.field == "dates"


def test_a_series_in_a_province_that_takes_no_part_is_refused(ctx):
    with pytest.raises(services.MeetingError) as refused:
        services.generate_series(db.session, rollout(), series_spec(where="limburg"), ACT)
    assert refused.value.field == "province"


def test_minutes_after_the_session_with_history(ctx):
    meeting = plan()
    early = Act.by(None, datetime(2022, 1, 10, tzinfo=UTC))
    with pytest.raises(services.MeetingError) as refused:
        services.write_minutes(db.session, meeting, "Verslag", act=early, expected_version=1)
    assert refused.value.field == "minutes"
    later = Act.by(None, LATER)
    services.write_minutes(db.session, meeting, " Goed verlopen. ", act=later, expected_version=1)
    db.session.commit()
    assert meeting.minutes == "Goed verlopen." and meeting.minutes_updated_at == LATER
    attachment = MeetingAttachment(
        original_name="verslag.pdf", stored_name="abc.pdf", content_type="application/pdf", size=3
    )
    services.add_attachment(db.session, meeting, attachment, later)
    db.session.commit()
    assert [a.original_name for a in meeting.attachments] == ["verslag.pdf"]
    assert meeting.changes[0].text == "Bijlage toegevoegd: verslag.pdf."


def test_a_programme_wide_training_collides_with_a_province_session(ctx):
    plan(supervision(day=date(2021, 10, 12)))
    training = supervision(
        day=date(2021, 10, 12),
        where=None,
        kind=MeetingKind.FRAMEWORK_TRAINING,
        activity_slug="vorming-kaders-1",
        start=time(9),
        end=time(14),
    )
    with pytest.raises(services.MeetingError) as refused:
        plan(training)
    assert "12 okt 2021" in str(refused.value)
    db.session.rollback()
    training.starts_at = brussels_to_utc(date(2021, 10, 13), time(9))
    training.ends_at = brussels_to_utc(date(2021, 10, 13), time(16))
    assert plan(training).is_programme_wide
    assert province("antwerpen") is not None
