"""Who is invited to a session: the province's two teams on the session's day, all teams of
the provinces taking part for a programme-wide session, plus guests; in a fixed number of
queries for any number of sessions."""

from datetime import date

from sqlalchemy import event, select

from rollout.extensions import db
from rollout.sessions.invitees import invitees_by_meeting, invitees_of
from rollout.sessions.models import Meeting
from rollout.staffing.models import TeamKind
from tests.sessions.factories_attendance import add_meeting, add_member, teams_fixture  # noqa: F401


def names(invitees):
    return [i.name for i in invitees]


def test_the_province_teams_on_the_day_are_invited(app, teams):
    october = add_meeting(app, "vorming-kaders-1", "antwerpen", date(2021, 10, 5))
    january = add_meeting(app, "supervisie-maandelijks", "antwerpen", date(2022, 1, 11))
    with app.app_context():
        before = invitees_of(db.session, db.session.get(Meeting, october))
        after = invitees_of(db.session, db.session.get(Meeting, january))
    # Bob joins on 1 Nov: not yet in October; Carl left on 31 Dec: no longer in January
    assert names(before) == ["Ann Peeters", "Carl Maes"]
    # the organisation's team first, then the service's
    assert names(after) == ["Bob Claes", "Ann Peeters"]
    bob = after[0]
    assert bob.person_key == f"member:{teams['Bob']}"
    assert bob.team is TeamKind.ORGANISATION and bob.email == "bob.claes@example.org"
    assert bob.province_name == "Antwerpen" and bob.team_label == "P&P-team van de organisatie"


def test_a_programme_wide_session_invites_the_teams_of_every_province_taking_part(app, teams):
    # Limburg takes no part in the 2021-2022 round: its member is not invited
    add_member(app, "Lode Limburg", province="limburg")
    wide = add_meeting(
        app,
        "vorming-kaders-2",
        None,
        date(2021, 11, 9),
        guests=[
            {"name": "Jo Voets", "email": "jo@voets.example.org"},
            {"name": "Ann again", "email": "ANN.PEETERS@example.org"},  # already invited
        ],
    )
    with app.app_context():
        invited = invitees_of(db.session, db.session.get(Meeting, wide))
    assert names(invited) == [
        "Bob Claes",
        "Ann Peeters",
        "Carl Maes",
        "Olga Wouters",
        "Jo Voets",
    ]
    guest = invited[-1]
    assert guest.person_key == "guest:jo@voets.example.org" and guest.team is None
    assert guest.team_label == "Gast"


def test_invitees_of_many_sessions_in_a_fixed_number_of_queries(app, teams):
    def count(ids):
        with app.app_context():
            meetings = db.session.scalars(select(Meeting).where(Meeting.id.in_(ids))).all()
            statements = []
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                found = invitees_by_meeting(db.session, meetings)
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            return len(statements), found

    few = [
        add_meeting(app, day=date(2022, 1, 11)),
        add_meeting(app, province=None, day=date(2022, 2, 8)),
    ]
    many = few + [
        add_meeting(app, province=p, day=date(2022, 3, d))
        for d, p in enumerate(["antwerpen", "oost-vlaanderen", "west-vlaanderen"] * 3, 1)
    ]
    few_count, _ = count(few)
    many_count, found = count(many)
    assert few_count == many_count == 3
    assert len(found) == len(many)
