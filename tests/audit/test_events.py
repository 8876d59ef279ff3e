"""Every security event of the list goes into the same log, through auditing.event: sign-in,
a failed one, an address held back, sign-out, a new password (changed, reset), an invitation,
deactivation and reactivation, an export, an attachment download."""

import re

from sqlalchemy import select

from rollout.auth.models import User
from rollout.extensions import db
from rollout.plan.models import Province
from tests.applications.test_access import upload
from tests.audit.helpers import actions, entries
from tests.conftest import csrf_token, post_form, sign_in
from tests.factories import PASSWORD, start


def _id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_a_sign_in_and_a_sign_out_are_logged_with_the_user_and_address(
    app, client, factory, seeded
):
    email = factory.user("lead")
    assert sign_in(client, email).status_code == 302
    token = csrf_token(client.get("/account").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    user_id = _id(app, email)
    signed_in, signed_out = entries(app, user_id=user_id, object_type="user")[-2:]
    assert (signed_in.action, signed_out.action) == ("sign_in", "sign_out")
    assert signed_in.object_id == str(user_id) and signed_in.address == "127.0.0.1"
    # what signing in and out changes on the user's row is not logged a second time
    assert actions(app, object_type="user", action="update") == []


def test_failed_sign_ins_and_the_address_held_back_are_logged_once_each(
    app, client, factory, seeded
):
    email = factory.user("service", "limburg")
    for _ in range(5):
        assert sign_in(client, email, "fout wachtwoord!").status_code == 200
    sign_in(client, "niemand@example.org", "wat dan ook")
    user_id = _id(app, email)
    about = entries(app, object_type="user", object_id=str(user_id))
    assert [e.action for e in about if e.action != "insert"] == ["sign_in_failed"] * 5 + [
        "held_back"
    ]
    assert all(e.user_id is None for e in about if e.action != "insert")
    assert "wacht tot" in about[-1].detail
    unknown = entries(app, action="sign_in_failed", object_type=None)
    assert [e.detail for e in unknown] == ["onbekend account: niemand@example.org"]
    assert entries(app, object_type="login_failure") == []  # the rows themselves: not again
    # while it waits, the right password is refused, and logged as such
    assert sign_in(client, email).status_code == 200
    assert "wacht nog" in entries(app, action="sign_in_failed")[-1].detail


def test_a_password_change_is_logged_and_hides_the_new_hash(app, client, login_as):
    email = login_as("lead")
    data = {
        "current_password": PASSWORD,
        "new_password": "een heel nieuw wachtwoord",
        "confirm": "een heel nieuw wachtwoord",
    }
    assert post_form(client, "/account", data).status_code == 302
    (changed,) = entries(app, action="password_changed")
    assert changed.user_id == _id(app, email)
    (update,) = entries(app, object_type="user", action="update")
    assert update.changes["password_hash"] == ["(verborgen)", "(verborgen)"]
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        secrets = (user.password_hash, user.calendar_token, "een heel nieuw wachtwoord")
    text = repr([(e.changes, e.detail) for e in entries(app)])
    assert not [secret for secret in secrets if secret in text]


def test_a_password_reset_asked_and_done_is_logged(app, client, factory, seeded):
    email = factory.user("lead")
    page = client.get("/wachtwoord-vergeten").text
    client.post("/wachtwoord-vergeten", data={"csrf_token": csrf_token(page), "email": email})
    page = client.get("/wachtwoord-vergeten").text
    client.post("/wachtwoord-vergeten", data={"csrf_token": csrf_token(page), "email": "x@y.be"})
    asked = entries(app, action="password_reset_requested")
    assert [e.object_id for e in asked] == [str(_id(app, email)), None]
    assert asked[1].detail == "onbekend adres: x@y.be"
    mail = app.extensions["mailman"].outbox[-1]
    link = re.search(r"http://localhost(/wachtwoord-kiezen/\S+)", mail.body).group(1)
    data = {"new_password": "mijn nieuwe wachtwoord", "confirm": "mijn nieuwe wachtwoord"}
    assert post_form(client, link, data).status_code == 302
    (reset,) = entries(app, action="password_reset")
    assert reset.object_id == str(_id(app, email))


def test_an_invitation_its_acceptance_deactivation_and_reactivation_are_logged(
    app, client, login_as
):
    lead = login_as("lead")
    token = csrf_token(client.get("/gebruikers").text)
    with app.app_context():
        limburg = db.session.scalar(select(Province.id).where(Province.slug == "limburg"))
    data = {"csrf_token": token, "email": "nieuw@example.org", "role": "service"}
    assert client.post("/gebruikers", data={**data, "province": limburg}).status_code == 302
    newcomer = _id(app, "nieuw@example.org")
    (invited,) = entries(app, action="invitation")
    assert (invited.user_id, invited.object_id) == (_id(app, lead), str(newcomer))
    assert invited.province_id == limburg
    mail = app.extensions["mailman"].outbox[-1]
    link = re.search(r"http://localhost(/uitnodiging/\S+)", mail.body).group(1)
    other = app.test_client()
    data = {"new_password": "mijn eigen wachtwoord", "confirm": "mijn eigen wachtwoord"}
    assert post_form(other, link, data).status_code == 302
    assert actions(app, action="invitation_accepted") == ["invitation_accepted"]
    for step in ("deactiveren", "activeren"):
        token = csrf_token(client.get("/gebruikers").text)
        client.post(f"/gebruikers/{newcomer}/{step}", data={"csrf_token": token})
    logged = entries(app, object_type="user", object_id=str(newcomer))
    assert [e.action for e in logged if e.action in ("deactivated", "reactivated")] == [
        "deactivated",
        "reactivated",
    ]
    assert any(e.action == "update" and e.changes.get("is_active") == [True, False] for e in logged)


def test_exports_are_logged(app, client, login_as, candidates):
    email = login_as("lead")
    assert client.get("/aanmeldingen/export.csv?ronde=huidig").status_code == 200
    assert client.get("/aanmeldingen/export.xlsx?ronde=huidig").status_code == 200
    assert client.get("/provinces/antwerpen/plan.csv?ronde=huidig").status_code == 200
    assert client.get("/provinces/antwerpen/plan.ics?ronde=huidig").status_code == 200
    logged = entries(app, action="export")
    assert [e.object_type for e in logged] == ["rollout", "rollout", "province", "province"]
    assert logged[0].detail == "aanmeldingen (CSV, 3 rijen)"
    assert {e.user_id for e in logged} == {_id(app, email)}


def test_an_attachment_download_is_logged(app, client, applicant):
    from tests.applications.files import pdf_bytes

    application_id = start(app, applicant.organisation_id)
    assert upload(client, application_id, "visienota.pdf", pdf_bytes()).status_code == 302
    (added,) = entries(app, object_type="attachment", action="insert")
    download = client.get(f"/aanmeldingen/{application_id}/bijlagen/{added.object_id}")
    assert download.status_code == 200
    (downloaded,) = entries(app, action="attachment_download")
    assert downloaded.object_id == added.object_id
    assert downloaded.user_id == _id(app, applicant.email)
    assert downloaded.detail == "visienota.pdf"


def test_a_sign_out_after_inactivity_is_logged(app, client, factory, seeded):
    from datetime import timedelta

    import time_machine

    from rollout.timeutil import utcnow

    email = factory.user("lead")
    start = utcnow()
    with time_machine.travel(start, tick=False):
        sign_in(client, email)
    with time_machine.travel(start + timedelta(minutes=240), tick=False):
        assert client.get("/plan").status_code == 302
    (signed_out,) = entries(app, action="sign_out")
    assert signed_out.user_id == _id(app, email)
    assert signed_out.detail == "te lang inactief"
