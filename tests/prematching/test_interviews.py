"""Interviews: planned in Brussels time, invitations by email with an .ics, the outcome, and
the milestone once every interview of the province has its outcome."""

from datetime import UTC, datetime

from icalendar import Calendar
from sqlalchemy import select

from rollout.extensions import db
from rollout.prematching.models import Interview
from rollout.timeutil import brussels_today
from tests.conftest import csrf_token
from tests.prematching.test_views import client_for, milestone_done, user_id, value_of


def paper(lead, application_id, verdict="to_interview", reason=""):
    page = lead.get(f"/aanmeldingen/{application_id}/papier").text
    lead.post(
        f"/aanmeldingen/{application_id}/papier",
        data={
            "csrf_token": csrf_token(page),
            "verdict": verdict,
            "reason": reason,
            "decided_on": value_of(page, "decided_on"),
        },
    )


def plan(app, lead, application_id, **overrides):
    page = lead.get(f"/aanmeldingen/{application_id}/gesprek").text
    data = {
        "plan-csrf_token": csrf_token(page),
        "plan-day": "2027-06-15",
        "plan-starts": "14:00",
        "plan-ends": "15:30",
        "plan-place": "",
        "plan-online_link": "https://teams.example.org/gesprek",
        "plan-participants": [
            str(user_id(app, "lead@example.org")),
            str(user_id(app, "pz@example.org")),
        ],
        "plan-extra": "directie@eik.example.org",
        "plan-submit": "x",
    }
    data.update(overrides)
    return lead.post(f"/aanmeldingen/{application_id}/gesprek", data=data)


def test_an_interview_is_planned_and_everyone_gets_an_ics(app, factory, candidates):
    lead = client_for(app, factory, "lead", email="lead@example.org")
    client_for(app, factory, "service", email="pz@example.org")
    eik = candidates["Eik"]
    refused = plan(app, lead, eik)
    assert "Enkel een aanmelding die door is naar het gesprek" in refused.text
    paper(lead, eik)
    before = len(getattr(app.extensions["mailman"], "outbox", []))
    assert plan(app, lead, eik).status_code == 302
    outbox = app.extensions["mailman"].outbox
    message = outbox[-1]
    assert len(outbox) == before + 1
    assert sorted(message.to) == ["directie@eik.example.org", "lead@example.org", "pz@example.org"]
    assert "15 jun 2027 van 14:00 tot 15:30 (Belgische tijd)" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name == "gesprek.ics" and mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2027, 6, 15, 12, 0, tzinfo=UTC)  # summer time
    assert str(event["location"]) == "https://teams.example.org/gesprek"
    assert len(event["attendee"]) == 3
    assert int(event["sequence"]) == 0

    # moving it sends an update with the same UID and a higher SEQUENCE
    plan(app, lead, eik, **{"plan-starts": "10:00", "plan-ends": "11:00"})
    moved = Calendar.from_ical(outbox[-1].attachments[0][1]).walk("VEVENT")[0]
    assert str(moved["uid"]) == str(event["uid"]) and int(moved["sequence"]) == 1
    with app.app_context():
        assert db.session.scalar(select(Interview.starts_at)) == datetime(
            2027, 6, 15, 8, 0, tzinfo=UTC
        )


def test_bad_interview_input_gets_messages(app, factory, candidates):
    lead = client_for(app, factory, "lead", email="lead@example.org")
    client_for(app, factory, "service", email="pz@example.org")
    paper(lead, candidates["Eik"])
    response = plan(
        app,
        lead,
        candidates["Eik"],
        **{
            "plan-ends": "13:00",
            "plan-online_link": "",
            "plan-participants": [],
            "plan-extra": "geen adres",
        },
    )
    assert "geen adres&#39; is geen geldig e-mailadres." in response.text
    response = plan(app, lead, candidates["Eik"], **{"plan-ends": "13:00"})
    assert "Het einde moet na het begin liggen." in response.text
    assert 'value="2027-06-15"' in response.text
    with app.app_context():
        assert db.session.scalar(select(Interview)) is None


def test_the_outcome_is_recorded_and_dates_the_milestone(app, factory, candidates):
    lead = client_for(app, factory, "lead", email="lead@example.org")
    client_for(app, factory, "service", email="pz@example.org")
    paper(lead, candidates["Eik"])
    paper(lead, candidates["Beuk"], "not_retained", "Geen fallbackbeleid")
    plan(app, lead, candidates["Eik"], **{"plan-day": brussels_today().isoformat()})
    page = lead.get(f"/aanmeldingen/{candidates['Eik']}/gesprek").text
    response = lead.post(
        f"/aanmeldingen/{candidates['Eik']}/gesprek",
        data={
            "uitkomst-csrf_token": csrf_token(page),
            "uitkomst-outcome": "yes",
            "uitkomst-strengths": "Sterk team",
            "uitkomst-concerns": "Weinig ervaring met pleegzorg",
            "uitkomst-conditions": "Fallback 24/7 uitwerken",
            "uitkomst-held_on": value_of(page, "uitkomst-held_on"),
            "uitkomst-submit": "x",
        },
    )
    assert response.status_code == 302
    assert milestone_done(app, "prematching-gesprek") == brussels_today()
    side = lead.get("/matching/antwerpen").text
    assert "Ja, er is een match" in side and "Fallback 24/7 uitwerken" in side


def test_only_leads_plan_interviews(app, factory, candidates):
    service = client_for(app, factory, "service", email="pz@example.org")
    assert service.get(f"/aanmeldingen/{candidates['Eik']}/gesprek").status_code == 403
    organisation = client_for(app, factory, "organisation")
    assert organisation.get(f"/aanmeldingen/{candidates['Eik']}/gesprek").status_code == 404


def test_an_absurd_date_is_refused_not_a_server_error(app, factory, candidates):
    lead = client_for(app, factory, "lead", email="lead@example.org")
    client_for(app, factory, "service", email="pz@example.org")
    paper(lead, candidates["Eik"])
    response = plan(
        app, lead, candidates["Eik"], **{"plan-day": "0001-01-01", "plan-starts": "00:05"}
    )
    assert response.status_code == 200
    assert "Geef een datum tussen 2000 en 2100." in response.text


def test_the_invitation_message_counts_its_participants_in_good_dutch(app, factory, candidates):
    lead = client_for(app, factory, "lead", email="lead@example.org")
    client_for(app, factory, "service", email="pz@example.org")
    eik = candidates["Eik"]
    paper(lead, eik)
    alone = {"plan-participants": [str(user_id(app, "lead@example.org"))], "plan-extra": ""}
    page = plan(app, lead, eik, **alone)
    assert page.status_code == 302
    page = lead.get(page.headers["Location"]).text
    assert "1 deelnemer kreeg een uitnodiging" in page and "1 deelnemers" not in page
    page = lead.get(plan(app, lead, eik).headers["Location"]).text
    assert "3 deelnemers kregen een uitnodiging" in page


def test_an_organisation_name_with_a_line_break_gives_a_one_line_subject(app, factory, candidates):
    """Issue 15, point 3: a name stored with CR/LF (before names were one line) no longer
    breaks the invitation's mail header."""
    from rollout.auth.models import Organisation

    with app.app_context():
        db.session.get(Organisation, candidates["Eik-org"]).name = "Voorziening\r\nEik\x1b"
        db.session.commit()
    lead = client_for(app, factory, "lead", email="lead@example.org")
    client_for(app, factory, "service", email="pz@example.org")
    paper(lead, candidates["Eik"])
    assert plan(app, lead, candidates["Eik"]).status_code == 302
    message = app.extensions["mailman"].outbox[-1]
    assert message.subject == "Uitnodiging: P&P-matchingsgesprek Voorziening Eik"
    with app.app_context():
        assert message.message()["Subject"] == message.subject  # the header builds
