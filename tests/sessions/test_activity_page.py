"""The activity's page shows its sessions (status, link to the session's page); where sessions
date the activity, its "done" dates are theirs: the form is not offered and a posted one is
refused with a Dutch message; moving its planned dates stays possible."""

from datetime import date

from rollout.extensions import db
from rollout.sessions.models import MeetingKind
from tests.conftest import csrf_token
from tests.plan.test_progress_views import url
from tests.sessions.plan_helpers import cancel, meeting, progress_of, shows_session, sync
from tests.sessions.test_timeline import Statements


def programme_url(app, slug: str) -> str:
    return url(app, slug).split("/provincies/")[0]


def test_the_page_lists_the_sessions_and_refuses_manual_done_dates(app, client, login_as):
    login_as("lead")
    with app.app_context():
        held = meeting(
            "vorming-kaders-1", date(2021, 10, 12), held=True, title="Sessie 1 (ochtend)"
        )
        planned = meeting("vorming-kaders-1", date(2021, 10, 19), title="Sessie 1 (avond)")
        dropped = meeting("vorming-kaders-1", date(2021, 10, 26), title="Extra")
        cancel(dropped, "Te weinig inschrijvingen.")
        makeup = meeting("vorming-kaders-1", date(2021, 11, 3), makeup=True, title="Inhaal")
        sync(held)
        ids = held.id, planned.id, dropped.id, makeup.id
        db.session.commit()
    path = programme_url(app, "vorming-kaders-1")
    page = client.get(path).text
    titles = ("Sessie 1 (ochtend)", "Sessie 1 (avond)", "Extra", "Inhaal")
    for meeting_id, title in zip(ids, titles, strict=True):
        assert shows_session(app, page, meeting_id, title)
    assert "Gehouden" in page and "Gepland" in page and "Geannuleerd" in page
    assert "Te weinig inschrijvingen." in page and "inhaalsessie" in page
    assert 'name="done-actual_end"' not in page and "komen uit de sessies" in page
    assert 'name="move-planned_start"' in page  # the planning can still be moved

    response = client.post(
        path,
        data={
            "done-csrf_token": csrf_token(page),
            "done-version": "1",
            "done-actual_start": "2021-10-01",
            "done-actual_end": "2021-10-05",
            "done-note": "",
            "done-submit": "Voortgang opslaan",
        },
    )
    assert response.status_code == 200
    assert "De werkelijke datums van deze activiteit komen uit haar sessies" in response.text
    with app.app_context():
        assert progress_of("vorming-kaders-1") == (date(2021, 10, 12), None)


def test_a_province_activity_shows_its_own_and_the_programme_wide_sessions(app, client, login_as):
    login_as("lead")
    with app.app_context():
        own = meeting(
            "supervisie-maandelijks",
            date(2022, 1, 11),
            province="antwerpen",
            kind=MeetingKind.SUPERVISION,
            title="Supervisie Antwerpen",
        )
        other = meeting(
            "supervisie-maandelijks",
            date(2022, 1, 12),
            province="oost-vlaanderen",
            kind=MeetingKind.SUPERVISION,
            title="Supervisie Oost-Vlaanderen",
        )
        ids = own.id, other.id
        db.session.commit()
    page = client.get(url(app, "supervisie-maandelijks")).text
    assert shows_session(app, page, ids[0], "Supervisie Antwerpen")
    assert not shows_session(app, page, ids[1], "Supervisie Oost-Vlaanderen")


def test_without_sessions_the_manual_form_stays(app, client, login_as):
    login_as("lead")
    page = client.get(url(app, "werkgroep")).text
    assert 'name="done-actual_end"' in page and 'id="sessies"' not in page


def test_the_page_reads_its_sessions_in_a_fixed_number_of_statements(app, client, login_as):
    login_as("lead")
    path = url(app, "supervisie-maandelijks")
    counts = []
    for month in (1, 2, 3):
        with app.app_context():
            for day in (4, 11, 18):
                meeting(
                    "supervisie-maandelijks",
                    date(2022, month, day),
                    province="antwerpen",
                    kind=MeetingKind.SUPERVISION,
                    held=month == 1,
                )
            db.session.commit()
        with Statements(app) as seen:
            assert client.get(path).status_code == 200
        counts.append(len(seen.seen))
    assert counts[1] == counts[2]
