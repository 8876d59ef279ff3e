"""The attendance pages per role: the form for a lead and for the province's service, read-only
for the partner organisation, 404 for another province; the invitation and the .ics; the cadence
grid and the training coverage, scoped to the viewer's province."""

import re
from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from rollout.caching import cache
from rollout.extensions import db
from rollout.sessions.attendance import field_name
from rollout.sessions.models import Attendance, AttendanceStatus, Meeting
from rollout.staffing.models import TeamKind
from rollout.timeutil import brussels_today
from tests.conftest import csrf_token, sign_in
from tests.prematching.test_views import client_for, value_of
from tests.sessions.factories_attendance import add_meeting, add_member, teams_fixture  # noqa: F401
from tests.staffing.helpers import rollout_start

NOW = "huidig"


def people(app):
    start = rollout_start(app)
    return {
        "Ann": add_member(app, "Ann Peeters", valid_from=start, round_slug=NOW),
        "Bob": add_member(
            app, "Bob Claes", team=TeamKind.ORGANISATION, valid_from=start, round_slug=NOW
        ),
        "Olga": add_member(
            app, "Olga Wouters", "oost-vlaanderen", valid_from=start, round_slug=NOW
        ),
    }


def last_week():
    return brussels_today() - timedelta(days=7)


def org_client(app, factory, organisation_id, email):
    factory.user("organisation", email=email, organisation_id=organisation_id)
    client = app.test_client()
    sign_in(client, email)
    return client


def post_marks(client, meeting_id, statuses, version=None, page=None):
    page = page or client.get(f"/sessies/{meeting_id}/aanwezigheid").text
    data = {
        "csrf_token": csrf_token(page),
        "version": version or value_of(page, "version"),
        **{field_name(f"member:{k}"): v for k, v in statuses.items()},
    }
    return client.post(f"/sessies/{meeting_id}/aanwezigheid", data=data)


def test_roles_on_the_attendance_page(app, factory, decided):
    ids = people(app)
    lead = decided["lead"]
    meeting_id = add_meeting(app, province="antwerpen", day=last_week(), round_slug=NOW)
    service = client_for(app, factory, "service", email="pz@example.org")
    other_service = client_for(app, factory, "service", "oost-vlaanderen", email="pz-ov@x.org")
    partner = org_client(app, factory, decided["Eik-org"], "eik@example.org")
    other_org = org_client(app, factory, decided["Beuk-org"], "beuk@example.org")

    page = lead.get(f"/sessies/{meeting_id}/aanwezigheid")
    assert page.status_code == 200
    assert "Ann Peeters" in page.text and "Bob Claes" in page.text
    assert "Olga Wouters" not in page.text  # another province's team
    assert 'id="aanwezigheid-formulier"' in page.text

    # the province's service records; the partner reads; others do not even see it exists
    response = post_marks(service, meeting_id, {ids["Ann"]: "present", ids["Bob"]: "excused"})
    assert response.status_code == 302
    read = partner.get(f"/sessies/{meeting_id}/aanwezigheid")
    assert read.status_code == 200 and 'id="aanwezigheid-formulier"' not in read.text
    assert 'data-status="excused"' in read.text
    assert partner.post(f"/sessies/{meeting_id}/aanwezigheid", data={}).status_code == 404
    assert other_service.get(f"/sessies/{meeting_id}/aanwezigheid").status_code == 404
    assert other_org.get(f"/sessies/{meeting_id}/aanwezigheid").status_code == 404
    assert other_org.get(f"/sessies/{meeting_id}/sessie.ics").status_code == 404
    assert lead.get("/sessies/999999/aanwezigheid").status_code == 404
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).is_held


def test_a_missing_choice_and_a_stale_form_keep_the_input(app, factory, decided):
    ids = people(app)
    lead = decided["lead"]
    meeting_id = add_meeting(app, province="antwerpen", day=last_week(), round_slug=NOW)
    first = lead.get(f"/sessies/{meeting_id}/aanwezigheid").text
    response = post_marks(lead, meeting_id, {ids["Ann"]: "present"}, page=first)
    assert response.status_code == 200
    assert "Kies aanwezig, verontschuldigd of afwezig." in response.text
    # someone else saves in between: the second gets the conflict, their choices kept
    other = client_for(app, factory, "lead", email="lead2@example.org")
    assert (
        post_marks(other, meeting_id, {ids["Ann"]: "absent", ids["Bob"]: "absent"}).status_code
        == 302
    )
    stale = post_marks(lead, meeting_id, {ids["Ann"]: "present", ids["Bob"]: "present"}, page=first)
    assert stale.status_code == 200
    assert "Iemand anders heeft deze sessie intussen gewijzigd" in stale.text
    bob_field = field_name(f"member:{ids['Bob']}")
    assert re.search(rf'<input[^>]*checked[^>]*name="{bob_field}"[^>]*value="present"', stale.text)
    with app.app_context():
        statuses = db.session.scalars(select(Attendance.status)).all()
    assert statuses == [AttendanceStatus.ABSENT, AttendanceStatus.ABSENT]
    # saving again on the fresh version the page now carries: taken
    again = post_marks(
        lead,
        meeting_id,
        {ids["Ann"]: "present", ids["Bob"]: "present"},
        version=value_of(stale.text, "version"),
        page=stale.text,
    )
    assert again.status_code == 302


def test_a_session_to_come_refuses_attendance_at_the_form(app, factory, decided):
    ids = people(app)
    lead = decided["lead"]
    meeting_id = add_meeting(
        app, province="antwerpen", day=brussels_today() + timedelta(days=7), round_slug=NOW
    )
    response = post_marks(lead, meeting_id, {ids["Ann"]: "present", ids["Bob"]: "present"})
    assert response.status_code == 200
    assert "Deze sessie is nog niet begonnen" in response.text


def test_a_lead_sends_the_invitation_and_anyone_allowed_downloads_the_ics(app, factory, decided):
    people(app)
    lead = decided["lead"]
    meeting_id = add_meeting(
        app, province="antwerpen", day=brussels_today() + timedelta(days=7), round_slug=NOW
    )
    outbox_before = len(getattr(app.extensions["mailman"], "outbox", []))
    page = lead.get(f"/sessies/{meeting_id}/aanwezigheid").text
    response = lead.post(
        f"/sessies/{meeting_id}/uitnodigen",
        data={"csrf_token": csrf_token(page), "version": value_of(page, "version")},
    )
    assert response.status_code == 302
    outbox = app.extensions["mailman"].outbox
    assert len(outbox) == outbox_before + 1
    assert sorted(outbox[-1].to) == ["ann.peeters@example.org", "bob.claes@example.org"]
    service = client_for(app, factory, "service", email="pz@example.org")
    token = csrf_token(service.get(f"/sessies/{meeting_id}/aanwezigheid").text)
    refused = service.post(
        f"/sessies/{meeting_id}/uitnodigen", data={"csrf_token": token, "version": "1"}
    )
    assert refused.status_code == 403 and len(outbox) == outbox_before + 1
    download = service.get(f"/sessies/{meeting_id}/sessie.ics")
    assert download.status_code == 200 and download.mimetype == "text/calendar"
    event = Calendar.from_ical(download.data).walk("VEVENT")[0]
    assert str(event["uid"]) == f"sessie-{meeting_id}@pp-uitrol"
    # a programme-wide session's .ics is for every organisation
    wide = add_meeting(app, "vorming-kaders-1", None, last_week(), round_slug=NOW)
    other_org = org_client(app, factory, decided["Beuk-org"], "beuk@example.org")
    assert other_org.get(f"/sessies/{wide}/sessie.ics").status_code == 200


def test_cadence_and_coverage_are_scoped_to_the_viewers_province(app, factory, decided):
    ids = people(app)
    lead = decided["lead"]
    held = add_meeting(app, province="antwerpen", day=last_week(), round_slug=NOW)
    post_marks(lead, held, {ids["Ann"]: "present", ids["Bob"]: "absent"})
    grid = lead.get(f"/sessies/cadans?ronde={NOW}")
    assert grid.status_code == 200
    assert 'data-province="antwerpen"' in grid.text
    assert 'data-province="oost-vlaanderen"' in grid.text
    table = lead.get(f"/sessies/vorming?ronde={NOW}")
    assert table.status_code == 200 and "Olga Wouters" in table.text
    assert "1 / 1 (100%)" in table.text and "0 / 1 (0%)" in table.text

    service = client_for(app, factory, "service", email="pz@example.org")
    own = service.get(f"/sessies/cadans?ronde={NOW}")
    assert 'data-province="antwerpen"' in own.text
    assert 'data-province="oost-vlaanderen"' not in own.text
    assert service.get(f"/sessies/cadans?ronde={NOW}&provincie=oost-vlaanderen").status_code == 404
    coverage = service.get(f"/sessies/vorming?ronde={NOW}")
    assert "Ann Peeters" in coverage.text and "Olga Wouters" not in coverage.text
    other_org = org_client(app, factory, decided["Beuk-org"], "beuk@example.org")
    assert other_org.get(f"/sessies/vorming?ronde={NOW}").status_code == 404
    partner = org_client(app, factory, decided["Eik-org"], "eik@example.org")
    assert partner.get(f"/sessies/vorming?ronde={NOW}").status_code == 200
    with app.app_context():
        cache.clear()


def test_the_cadence_grid_of_a_past_round(app, factory, seeded):
    """2021-2022: Antwerpen held January and March, cancelled February, had nothing in April
    and May: flagged; West-Vlaanderen held every month."""
    from datetime import UTC, date, datetime

    def held(province, day):
        return add_meeting(
            app,
            province=province,
            day=day,
            attendance_recorded_at=datetime(2022, 6, 1, tzinfo=UTC),
        )

    held("antwerpen", date(2022, 1, 11))
    add_meeting(
        app,
        province="antwerpen",
        day=date(2022, 2, 8),
        cancelled_at=datetime(2022, 2, 1, tzinfo=UTC),
        cancel_reason="ziek",
    )
    march = held("antwerpen", date(2022, 3, 8))
    for month in range(1, 6):
        held("west-vlaanderen", date(2022, month, 10))
    lead = client_for(app, factory, "lead", email="lead@example.org")
    page = lead.get("/sessies/cadans?ronde=2021-2022").text
    row = re.search(r'<tr data-province="antwerpen" data-flagged="ja">(.*?)</tr>', page, re.S)
    assert row, "Antwerpen is flagged"
    statuses = re.findall(r'data-month="([\d-]+)" data-status="(\w*)"', row.group(1))
    assert statuses == [
        ("2022-01-01", "held"),
        ("2022-02-01", "cancelled"),
        ("2022-03-01", "held"),
        ("2022-04-01", "missed"),
        ("2022-05-01", "missed"),
    ]
    assert f'href="/sessies/{march}/aanwezigheid"' in row.group(1)
    assert "<td>2 / 5</td>" in row.group(1)
    assert 'data-province="west-vlaanderen" data-flagged="nee"' in page
    assert 'data-province="limburg"' not in page  # takes no part in the round


def test_the_coverage_table_of_a_past_round_counts_a_makeup_session(app, factory, teams):
    """Ann missed the second training and made it up; Bob (from November) missed the third;
    Carl left at the end of 2021 and is no member on the round's last day."""
    from datetime import UTC, date, datetime

    from rollout.changes import Act
    from rollout.sessions.attendance import record_attendance

    after = Act.by(None, datetime(2022, 1, 5, tzinfo=UTC))
    first = add_meeting(app, "vorming-kaders-1", None, date(2021, 10, 5))
    second = add_meeting(app, "vorming-kaders-2", None, date(2021, 11, 9))
    third = add_meeting(app, "vorming-kaders-3", None, date(2021, 12, 7))
    makeup = add_meeting(app, "vorming-kaders-2", "antwerpen", date(2021, 12, 14), is_makeup=True)
    P, E, A = "present", "excused", "absent"
    plan = {
        first: {"Ann": P, "Carl": P, "Olga": P},
        second: {"Ann": E, "Bob": P, "Carl": P, "Olga": P},
        third: {"Ann": P, "Bob": A, "Carl": P, "Olga": P},
        makeup: {"Ann": P, "Bob": P, "Carl": E},
    }
    with app.app_context():
        for meeting_id, marks in plan.items():
            meeting = db.session.get(Meeting, meeting_id)
            record_attendance(
                db.session,
                meeting,
                {f"member:{teams[n]}": AttendanceStatus(s) for n, s in marks.items()},
                None,
                meeting.version,
                after,
            )
        db.session.commit()
    lead = client_for(app, factory, "lead", email="lead@example.org")
    page = lead.get("/sessies/vorming?ronde=2021-2022").text
    antwerpen = re.search(r'<tr data-province="antwerpen"[^>]*>(.*?)</tr>', page, re.S).group(0)
    assert 'data-missing="1"' in antwerpen
    assert "Bob Claes" in antwerpen and "sessie 3" in antwerpen and "sessie 1" in antwerpen
    assert "Ann Peeters" not in antwerpen and "Carl Maes" not in antwerpen
    assert re.search(r'<tr data-province="oost-vlaanderen" data-missing="0">', page)


def test_a_programme_wide_session_seen_by_a_service_and_a_head_count(app, factory, decided):
    """A programme-wide session: the lead records it (a head count for an inspiration session);
    a service sees the rows of its own province only and no form; a lead may filter the
    figures by province."""
    from rollout.sessions.models import MeetingKind

    ids = people(app)
    lead = decided["lead"]
    wide = add_meeting(
        app,
        "vorming-kaders-1",
        None,
        last_week(),
        round_slug=NOW,
        kind=MeetingKind.INSPIRATION,
    )
    page = lead.get(f"/sessies/{wide}/aanwezigheid").text
    assert "Olga Wouters" in page and "Ann Peeters" in page
    response = lead.post(
        f"/sessies/{wide}/aanwezigheid",
        data={"csrf_token": csrf_token(page), "version": value_of(page, "version")},
    )
    assert "Vul het aantal aanwezigen in." in response.text
    response = lead.post(
        f"/sessies/{wide}/aanwezigheid",
        data={
            "csrf_token": csrf_token(page),
            "version": value_of(page, "version"),
            "head_count": "84",
            field_name(f"member:{ids['Olga']}"): "present",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.get(Meeting, wide)
        assert meeting.head_count == 84 and [a.name for a in meeting.attendance] == ["Olga Wouters"]
    service = client_for(app, factory, "service", "oost-vlaanderen", email="pz-ov@x.org")
    seen = service.get(f"/sessies/{wide}/aanwezigheid").text
    assert "Olga Wouters" in seen and "Ann Peeters" not in seen
    assert 'id="aanwezigheid-formulier"' not in seen and "84 aanwezigen in totaal" in seen
    only = lead.get(f"/sessies/vorming?ronde={NOW}&provincie=oost-vlaanderen").text
    assert "Olga Wouters" in only and 'data-province="antwerpen"' not in only
    assert lead.get(f"/sessies/cadans?ronde={NOW}&provincie=nergens").status_code == 404


def test_a_closed_round_leaves_the_service_reading_and_the_lead_correcting(app, factory, decided):
    from datetime import UTC, datetime

    from rollout.plan.models import Rollout

    ids = people(app)
    lead = decided["lead"]
    meeting_id = add_meeting(app, province="antwerpen", day=last_week(), round_slug=NOW)
    service = client_for(app, factory, "service", email="pz@example.org")
    page = service.get(f"/sessies/{meeting_id}/aanwezigheid").text
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == NOW))
        rollout.closed_at = datetime.now(UTC)
        db.session.commit()
    refused = post_marks(
        service, meeting_id, {ids["Ann"]: "present", ids["Bob"]: "present"}, page=page
    )
    assert refused.status_code == 403 and "Deze ronde is afgesloten" in refused.text
    assert (
        'id="aanwezigheid-formulier"' not in service.get(f"/sessies/{meeting_id}/aanwezigheid").text
    )
    corrected = post_marks(lead, meeting_id, {ids["Ann"]: "present", ids["Bob"]: "absent"})
    assert corrected.status_code == 302
