"""Extra people invited besides the teams (item 3): typed one per line on the session's form,
checked line by line, invited with the teams."""

from sqlalchemy import select

from rollout.extensions import db
from rollout.sessions.invitees import invitees_of
from rollout.sessions.models import Meeting
from rollout.sessions.rules import MAX_GUESTS, guests_text, parse_guests
from tests.conftest import post_form
from tests.sessions.test_views import NEW, _new_data, lead  # noqa: F401


def test_guests_are_an_address_or_a_name_with_one_per_line():
    guests, problem = parse_guests(
        "jo.voets@example.org\n\n  Eline Gielen <Eline@Example.org>\njo.voets@example.org\n"
    )
    assert problem is None
    assert guests == [
        {"name": "jo.voets@example.org", "email": "jo.voets@example.org"},
        {"name": "Eline Gielen", "email": "Eline@example.org"},
    ]
    assert guests_text(guests) == "jo.voets@example.org\nEline Gielen <Eline@example.org>"
    assert parse_guests(guests_text(guests))[0] == guests


def test_a_line_that_is_no_address_is_named():
    guests, problem = parse_guests("jo@example.org\nEline Gielen\n")
    assert guests == [] and problem == "Regel 2: 'Eline Gielen' is geen geldig e-mailadres."
    many = "\n".join(f"gast{n}@example.org" for n in range(MAX_GUESTS + 1))
    assert parse_guests(many)[1].startswith(f"Nodig hoogstens {MAX_GUESTS}")


def test_a_lead_invites_guests_with_the_teams(app, lead):  # noqa: F811
    data = _new_data(app, guests="Jo Voets <jo.voets@example.org>")
    assert post_form(lead, NEW, data).status_code == 302
    with app.app_context():
        meeting = db.session.scalar(select(Meeting).order_by(Meeting.id.desc()))
        assert meeting.guests == [{"name": "Jo Voets", "email": "jo.voets@example.org"}]
        assert "guest:jo.voets@example.org" in {
            i.person_key for i in invitees_of(db.session, meeting)
        }
        meeting_id = meeting.id
    assert (
        "Jo Voets &lt;jo.voets@example.org&gt;" in lead.get(f"/sessies/{meeting_id}/wijzigen").text
    )


def test_a_wrong_guest_line_is_refused_at_the_field_and_kept(app, lead):  # noqa: F811
    data = _new_data(app, guests="jo.voets@example.org\ngeen adres", title="Mijn titel")
    response = post_form(lead, NEW, data)
    assert response.status_code == 200
    assert "Regel 2: &#39;geen adres&#39; is geen geldig e-mailadres." in response.text
    assert "geen adres" in response.text and 'value="Mijn titel"' in response.text
