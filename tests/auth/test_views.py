"""Sign-in, throttling, sessions that end on the server, CSRF, and invitations."""

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from rollout.auth.models import User
from rollout.extensions import db
from rollout.timeutil import utcnow
from tests.conftest import PASSWORD, csrf_token, sign_in


def test_sign_in_and_out(client, factory, seeded):
    email = factory.user("lead")
    response = sign_in(client, email)
    assert response.status_code == 302
    assert client.get("/plan").status_code == 200
    token = csrf_token(client.get("/plan").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/plan").status_code == 302  # back to /login


def test_email_is_case_insensitive_and_wrong_password_says_so_at_the_field(client, factory, seeded):
    email = factory.user("lead")
    assert sign_in(client, email.upper()).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/plan").text)})
    response = sign_in(client, email, "not the password at all")
    assert response.status_code == 200
    assert "E-mailadres of wachtwoord is onjuist." in response.text
    assert f'value="{email}"' in response.text  # what was typed stays


def test_unknown_email_gets_the_same_message(client, seeded):
    response = sign_in(client, "nobody@example.org")
    assert "E-mailadres of wachtwoord is onjuist." in response.text


def test_six_wrong_passwords_lock_the_account_for_some_minutes(app, client, factory, seeded):
    email = factory.user("lead")
    start = utcnow()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            assert "onjuist" in sign_in(client, email, "wrong password 123").text
        sixth = sign_in(client, email, "wrong password 123")
        assert "Te veel mislukte aanmeldpogingen" in sixth.text
        # even the right password is refused while the lock holds
        assert "Te veel mislukte aanmeldpogingen" in sign_in(client, email).text
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert sign_in(client, email).status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.failed_logins == 0 and user.locked_until is None


def test_the_lock_is_kept_in_the_database_for_every_worker(app, factory, seeded):
    email = factory.user("lead")
    for _ in range(5):
        sign_in(app.test_client(), email, "wrong password 123")  # a new client each time
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.locked_until is not None


def test_addresses_are_limited_to_sixty_sign_in_attempts_a_minute(client, seeded):
    token = csrf_token(client.get("/login").text)
    data = {"email": "x@example.org", "password": "whatever 123", "csrf_token": token}
    codes = [client.post("/login", data=data).status_code for _ in range(61)]
    assert codes[:60] == [200] * 60
    assert codes[60] == 429
    assert client.get("/login").status_code == 200  # reading the page is not limited


def test_sign_out_ends_the_session_on_the_server(app, factory, seeded):
    email = factory.user("lead")
    browser = app.test_client()
    sign_in(browser, email)
    copied = browser.get_cookie("session").value
    browser.post("/logout", data={"csrf_token": csrf_token(browser.get("/plan").text)})

    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/plan").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, factory, seeded):
    email = factory.user("lead")
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, email)
    sign_in(phone, email)
    page = laptop.get("/account")
    response = laptop.post(
        "/account",
        data={
            "csrf_token": csrf_token(page.text),
            "current_password": PASSWORD,
            "new_password": "een nieuw lang wachtwoord",
            "confirm": "een nieuw lang wachtwoord",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/plan").status_code == 200
    assert phone.get("/plan").status_code == 302
    assert sign_in(app.test_client(), email, "een nieuw lang wachtwoord").status_code == 302


def test_a_short_new_password_is_refused_at_the_field(client, login_as):
    login_as("lead")
    page = client.get("/account")
    response = client.post(
        "/account",
        data={
            "csrf_token": csrf_token(page.text),
            "current_password": PASSWORD,
            "new_password": "kort",
            "confirm": "kort",
        },
    )
    assert response.status_code == 200
    assert "minstens 12 tekens" in response.text


def test_deactivation_ends_every_session(app, client, factory, login_as):
    login_as("lead")
    victim = factory.user("service", "limburg")
    other = app.test_client()
    sign_in(other, victim)
    assert other.get("/plan").status_code == 200
    user_id = factory.get_user(victim).id
    token = csrf_token(client.get("/gebruikers").text)
    assert (
        client.post(f"/gebruikers/{user_id}/deactiveren", data={"csrf_token": token}).status_code
        == 302
    )
    assert other.get("/plan").status_code == 302
    refused = sign_in(app.test_client(), victim)
    assert refused.status_code == 200
    assert "gedeactiveerd" in refused.text


def test_a_post_without_csrf_token_is_refused(client, login_as):
    login_as("lead")
    assert client.post("/logout").status_code == 400
    assert client.get("/plan").status_code == 200  # still signed in


def test_an_expired_form_comes_back_with_what_was_typed(client, factory, seeded):
    email = factory.user("lead")
    start = utcnow()
    with time_machine.travel(start, tick=False):
        token = csrf_token(client.get("/login").text)
    with time_machine.travel(start + timedelta(hours=13), tick=False):
        response = client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
    assert response.status_code == 200
    assert "Uw invoer staat er nog" in response.text
    assert f'value="{email}"' in response.text


def test_idle_sessions_end(client, factory, seeded):
    email = factory.user("lead")
    start = utcnow()
    with time_machine.travel(start, tick=False):
        sign_in(client, email)
        assert client.get("/plan").status_code == 200
    with time_machine.travel(start + timedelta(minutes=119), tick=False):
        assert client.get("/plan").status_code == 200
    with time_machine.travel(start + timedelta(minutes=119 + 121), tick=False):
        response = client.get("/plan")
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_session_cookie_flags(client, factory, seeded):
    email = factory.user("lead")
    response = sign_in(client, email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_next_only_goes_to_this_site(client, factory, seeded):
    email = factory.user("lead")
    token = csrf_token(client.get("/login").text)
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"


def invite(client, email: str, **fields):
    token = csrf_token(client.get("/gebruikers").text)
    return client.post("/gebruikers", data={"csrf_token": token, "email": email, **fields})


def test_a_lead_invites_and_the_link_works_once(app, client, login_as, factory):
    login_as("lead")
    response = invite(
        client, "nieuw@example.org", role="service", province=str(_province_id(app, "limburg"))
    )
    assert response.status_code == 302, response.text
    message = app.extensions["mailman"].outbox[-1]
    assert message.to == ["nieuw@example.org"]
    link = re.search(r"http://localhost(/uitnodiging/\S+)", message.body).group(1)

    newcomer = app.test_client()
    page = newcomer.get(link)
    assert page.status_code == 200
    form = {
        "csrf_token": csrf_token(page.text),
        "new_password": "mijn eigen wachtwoord",
        "confirm": "mijn eigen wachtwoord",
    }
    assert newcomer.post(link, data=form).status_code == 302
    assert newcomer.get(link).status_code == 410  # single use
    assert sign_in(newcomer, "nieuw@example.org", "mijn eigen wachtwoord").status_code == 302
    assert newcomer.get("/provinces/limburg").status_code == 200
    assert newcomer.get("/provinces/antwerpen").status_code == 403


def test_an_invitation_expires(app, client, login_as):
    login_as("lead")
    invite(client, "laat@example.org", role="lead")
    link = re.search(
        r"http://localhost(/uitnodiging/\S+)", app.extensions["mailman"].outbox[-1].body
    ).group(1)
    with time_machine.travel(utcnow() + timedelta(days=8), tick=False):
        assert app.test_client().get(link).status_code == 410


def test_an_invitation_for_an_organisation_can_create_it(app, client, login_as):
    login_as("lead")
    response = invite(
        client,
        "directie@voorziening.be",
        role="organisation",
        new_organisation="Voorziening De Linde",
        province=str(_province_id(app, "west-vlaanderen")),
    )
    assert response.status_code == 302, response.text
    user = _user(app, "directie@voorziening.be")
    assert user.organisation.name == "Voorziening De Linde"
    assert user.organisation.province.slug == "west-vlaanderen"


def test_invite_form_errors_are_dutch_and_at_the_field(client, login_as):
    login_as("lead")
    response = invite(client, "geen-email", role="service")
    assert "Geef een geldig e-mailadres." in response.text
    assert "Kies de provincie van deze pleegzorgdienst." in response.text
    assert 'value="geen-email"' in response.text
    response = invite(client, "lead-antwerpen@example.org", role="lead")
    assert "Er bestaat al een account" in response.text


def _province_id(app, slug):
    from rollout.plan.models import Province

    with app.app_context():
        return db.session.scalar(select(Province.id).where(Province.slug == slug))


def _user(app, email):
    from sqlalchemy.orm import selectinload

    with app.app_context():
        user = db.session.scalar(
            select(User).where(User.email == email).options(selectinload(User.organisation))
        )
        user.organisation.province  # noqa: B018 - load before leaving the session
        db.session.expunge_all()
        return user
