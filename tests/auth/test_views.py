"""Sign-in, throttling, sessions that end on the server, CSRF, and invitations."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from rollout.auth.models import LoginFailure, User
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
    assert "E-mailadres of wachtwoord is onjuist" in response.text
    assert f'value="{email}"' in response.text  # what was typed stays


def test_unknown_email_gets_the_same_message(client, seeded):
    response = sign_in(client, "nobody@example.org")
    assert "E-mailadres of wachtwoord is onjuist" in response.text


def _failures(app, email: str) -> dict[str, int]:
    """The failed attempts counted for the account, per client address."""
    with app.app_context():
        rows = db.session.scalars(select(LoginFailure).join(User).where(User.email == email)).all()
        return {row.address: row.failures for row in rows}


def test_wrong_passwords_hold_back_their_address_and_not_the_holder(app, client, factory, seeded):
    """Issue 15, point 7: five wrong passwords used to lock any account, a lead's included,
    for everyone. Now the address they came from waits (longer each time); the holder, from
    another address, signs in as usual, and is told by mail."""
    email = factory.user("lead")
    sent = len(getattr(app.extensions["mailman"], "outbox", []))
    start = utcnow()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            assert "onjuist" in sign_in(client, email, "wrong password 123").text
        # the right password from the attacker's address is refused with the same message
        refused = sign_in(client, email)
        assert refused.status_code == 200 and "te vaak" in refused.text
        holder = app.test_client()
        at_home = holder.post(
            "/login",
            data={
                "csrf_token": csrf_token(holder.get("/login").text),
                "email": email,
                "password": PASSWORD,
            },
            environ_base={"REMOTE_ADDR": "198.51.100.7"},
        )
        assert at_home.status_code == 302  # the holder is not locked out
    (notice,) = app.extensions["mailman"].outbox[sent:]
    assert notice.to == [email] and "Mislukte aanmeldpogingen" in notice.subject
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert sign_in(client, email).status_code == 200  # still waiting
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        assert sign_in(client, email).status_code == 302  # the wait is over
    assert _failures(app, email) == {}  # a success clears its address's count


def test_the_count_is_kept_in_the_database_for_every_worker(app, factory, seeded):
    email = factory.user("lead")
    for _ in range(5):
        sign_in(app.test_client(), email, "wrong password 123")  # a new client each time
    assert _failures(app, email) == {"127.0.0.1": 5}


def test_simultaneous_wrong_passwords_are_all_counted(app, factory, seeded):
    """Ten attempts at the same moment, as from several workers: the lock still comes."""
    email = factory.user("lead")
    clients = [app.test_client() for _ in range(10)]
    tokens = [csrf_token(c.get("/login").text) for c in clients]
    barrier = threading.Barrier(len(clients))
    results = []

    def attempt(client, token):
        barrier.wait()
        data = {"email": email, "password": "wrong password 123", "csrf_token": token}
        results.append(client.post("/login", data=data).status_code)

    threads = [
        threading.Thread(target=attempt, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 10
    assert _failures(app, email) == {"127.0.0.1": 5}  # none lost; the rest were held back
    assert sign_in(app.test_client(), email).status_code == 200  # held back: refused


def test_addresses_are_limited_to_sixty_sign_in_attempts_a_minute(client, seeded):
    token = csrf_token(client.get("/login").text)
    data = {"email": "x@example.org", "password": "whatever 123", "csrf_token": token}
    codes = [client.post("/login", data=data).status_code for _ in range(61)]
    assert codes[:60] == [200] * 60
    assert codes[60] == 429
    assert client.get("/login").status_code == 200  # reading the page is not limited


def test_sign_up_is_limited_and_pages_without_a_limit_check_none(app, client, seeded):
    """The limiter checks only where a limit is declared (issue 16): sign-up allows 20 an
    hour from one address, and a request without a limit does not ask the limiter at all."""
    from rollout.extensions import limiter

    token = csrf_token(client.get("/registreren").text)
    codes = [client.post("/registreren", data={"csrf_token": token}).status_code for _ in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429
    checks = []
    original = limiter._check_request_limit
    limiter._check_request_limit = lambda *a, **k: checks.append(a) or original(*a, **k)
    try:
        assert client.get("/healthz").status_code == 200
        assert client.get("/login").status_code == 200
        assert checks == []
        client.post("/login", data={"csrf_token": token})
        assert len(checks) == 1
    finally:
        limiter._check_request_limit = original


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


def test_forms_without_csrf_token_change_nothing(app, client, factory, login_as):
    email = login_as("lead")
    before = factory.get_user(email)
    response = client.post(
        "/account",
        data={"current_password": PASSWORD, "new_password": "x" * 20, "confirm": "x" * 20},
    )
    assert response.status_code == 200 and "Uw invoer staat er nog" in response.text
    response = client.post("/gebruikers", data={"email": "nieuw@example.org", "role": "lead"})
    assert response.status_code == 200 and "Uw invoer staat er nog" in response.text
    after = factory.get_user(email)
    assert after.password_hash == before.password_hash
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "nieuw@example.org")) is None
    anonymous = app.test_client()
    response = anonymous.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 200 and anonymous.get("/plan").status_code == 302


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


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_next_only_goes_to_this_site(app, factory, seeded, target):
    client = app.test_client()
    email = factory.user("lead")
    token = csrf_token(client.get("/login").text)
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    response = client.post("/login", query_string={"next": target}, data=data)
    assert response.headers["Location"] == "/"


def test_a_form_sent_after_the_idle_timeout_loses_nothing(app, client, factory, login_as):
    login_as("lead")
    start = utcnow()
    with time_machine.travel(start, tick=False):
        page = client.get("/gebruikers").text
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        sent = {
            "csrf_token": csrf_token(page),
            "email": "na-de-pauze@example.org",
            "name": "Lang getypte naam",
            "role": "lead",
        }
        response = client.post("/gebruikers", data=sent)
        assert response.status_code == 401
        assert 'value="na-de-pauze@example.org"' in response.text  # carried along
        assert "Uw invoer is bewaard" in response.text
        form = dict(
            re.findall(r'<input type="hidden" name="(resume[^"]*)" value="([^"]*)"', response.text)
        )
        form.update(
            csrf_token=csrf_token(response.text),
            email="lead-antwerpen@example.org",
            password=PASSWORD,
        )
        again = client.post("/login", data=form)
        assert again.status_code == 200
        assert "Opnieuw versturen" in again.text
        resend = dict(
            re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', again.text)
        )
        assert resend["name"] == "Lang getypte naam"
        final = client.post("/gebruikers", data=resend)
        assert final.status_code == 302, re.findall(r"(?:alert|feedback)[^>]*>([^<]*)", final.text)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "na-de-pauze@example.org"))


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


def _feed(app, token: str) -> int:
    return app.test_client().get(f"/kalender/{token}/antwerpen.ics").status_code


def test_the_calendar_links_are_renewed_on_request_and_with_a_new_password(
    app, client, factory, seeded
):
    """Issue 15, point 10: a leaked feed link can be made useless by its user."""
    email = factory.user("lead")
    sign_in(client, email)
    first = factory.get_user(email).calendar_token
    assert _feed(app, first) == 200
    page = client.get("/account").text
    assert "Agendalinks vernieuwen" in page
    token = re.search(r'name="agenda-csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/account/agendalink", data={"agenda-csrf_token": token})
    assert response.status_code == 302
    second = factory.get_user(email).calendar_token
    assert second != first
    assert _feed(app, first) == 404 and _feed(app, second) == 200
    assert client.post("/account/agendalink", data={}).status_code in (302, 400)
    assert factory.get_user(email).calendar_token == second  # no token: nothing renewed

    page = client.get("/account").text
    client.post(
        "/account",
        data={
            "csrf_token": csrf_token(page),
            "current_password": PASSWORD,
            "new_password": "een nieuw lang wachtwoord",
            "confirm": "een nieuw lang wachtwoord",
        },
    )
    assert _feed(app, second) == 404
    assert _feed(app, factory.get_user(email).calendar_token) == 200


# --- issue 15, point 8: a forgotten password --------------------------------------------------


def _mails(app) -> list:
    return getattr(app.extensions["mailman"], "outbox", [])


def _ask_reset(client, email: str):
    page = client.get("/wachtwoord-vergeten").text
    return client.post(
        "/wachtwoord-vergeten", data={"csrf_token": csrf_token(page), "email": email}
    )


def _choose(client, link: str, password: str):
    page = client.get(link)
    if page.status_code != 200:
        return page
    data = {"csrf_token": csrf_token(page.text), "new_password": password, "confirm": password}
    return client.post(link, data=data)


def test_a_forgotten_password_is_reset_once_by_a_mailed_link_that_ends_every_session(
    app, client, factory, seeded
):
    email = factory.user("lead")
    phone = app.test_client()
    sign_in(phone, email)
    assert "Wachtwoord vergeten?" in client.get("/login").text
    sent = len(_mails(app))
    answer = _ask_reset(client, email.upper())
    assert answer.status_code == 200 and "Kijk in uw mailbox" in answer.text
    (mail,) = _mails(app)[sent:]
    assert mail.to == [email]
    link = re.search(r"http://localhost(/wachtwoord-kiezen/\S+)", mail.body).group(1)

    short = _choose(client, link, "kort")
    assert short.status_code == 200 and "minstens 12 tekens" in short.text
    assert _choose(client, link, "mijn nieuwe wachtwoord").status_code == 302
    assert phone.get("/plan").status_code == 302  # every session ended
    assert sign_in(app.test_client(), email, PASSWORD).status_code == 200  # old one refused
    assert sign_in(app.test_client(), email, "mijn nieuwe wachtwoord").status_code == 302
    used = client.get(link)
    assert used.status_code == 410 and "al gebruikt" in used.text


def test_a_reset_link_expires_and_a_forged_one_is_refused(app, client, factory, seeded):
    email = factory.user("lead")
    start = utcnow()
    with time_machine.travel(start, tick=False):
        sent = len(_mails(app))
        _ask_reset(client, email)
        (mail,) = _mails(app)[sent:]
    link = re.search(r"http://localhost(/wachtwoord-kiezen/\S+)", mail.body).group(1)
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        expired = client.get(link)
        assert expired.status_code == 410 and "verlopen" in expired.text
    assert client.get("/wachtwoord-kiezen/" + "x" * 40).status_code == 410


def test_asking_a_reset_tells_nobody_which_addresses_have_an_account(app, client, factory, seeded):
    email = factory.user("lead")
    sent = len(_mails(app))
    known = _ask_reset(client, email)
    unknown = _ask_reset(client, "niemand@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace(email, "X") == unknown.text.replace("niemand@example.org", "X")
    assert [m.to for m in _mails(app)[sent:]] == [[email]]
