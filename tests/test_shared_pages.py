"""Pages cached whole for every viewer of one kind (rollout.web.shared_page): each viewer still
sees their own email, CSRF token, flashed messages and calendar link; viewers of another kind
(role, organisation, province) never get the page made for someone else; a change to any round
shows at once; a deactivated viewer is refused on the very next request."""

import re

import pytest
from flask_login import login_user
from sqlalchemy import select

from rollout.auth.forms import LoginForm
from rollout.auth.models import User
from rollout.extensions import db
from rollout.plan.models import Rollout
from rollout.web import chosen_round, shared_page
from tests.conftest import csrf_token, sign_in
from tests.test_cache import PAST, Statements

SHARED = (
    PAST,
    "/provinces?ronde=2021-2022",
    "/teams?ronde=2021-2022",
    "/matching?ronde=2021-2022",
    "/aanmeldingen?ronde=2021-2022",
)


def _user(app, email: str) -> User:
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def _signed_in(app, email: str):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def _nav(page: str) -> list[str]:
    return re.findall(r'<a class="nav-link[^"]*"\s*(?:aria-current="page")?\s*href="([^"]+)"', page)


def test_two_members_of_one_organisation_share_the_page_and_keep_their_own(app, factory, seeded):
    organisation = factory.organisation("antwerpen", "Voorziening Eik")
    first = factory.user("organisation", email="eerste@example.org", organisation_id=organisation)
    second = factory.user("organisation", email="tweede@example.org", organisation_id=organisation)
    one, two = _signed_in(app, first), _signed_in(app, second)
    page_one = one.get(PAST).text
    with Statements(app) as served:
        page_two = two.get(PAST).text
    # from the cache: neither the plan nor the province's organisations are read
    assert not served.reading("phase")
    assert not [s for s in served.reading("organisation") if "WHERE organisation.province_id" in s]
    for page, mine, theirs in ((page_one, first, second), (page_two, second, first)):
        assert mine in page and theirs not in page
        assert _user(app, mine).calendar_token in page
        assert _user(app, theirs).calendar_token not in page
    assert "\x00" not in page_one + page_two
    # each page's CSRF token is its own session's: signing out with it works
    assert csrf_token(page_one) != csrf_token(page_two)
    assert two.post("/logout", data={"csrf_token": csrf_token(page_two)}).status_code == 302
    assert one.post("/logout", data={"csrf_token": csrf_token(page_one)}).status_code == 302
    assert two.get(PAST).status_code == one.get(PAST).status_code == 302


@pytest.mark.parametrize("first", ["lead", "service"])
def test_a_lead_and_a_service_never_get_each_others_page(app, factory, seeded, first):
    clients = {
        "lead": _signed_in(app, factory.user("lead")),
        "service": _signed_in(app, factory.user("service", "antwerpen")),
    }
    second = "service" if first == "lead" else "lead"
    pages = {role: clients[role].get(PAST).text for role in (first, second)}
    assert "/provinces" in _nav(pages["lead"]) and "/gebruikers" in _nav(pages["lead"])
    assert not {"/provinces", "/gebruikers"} & set(_nav(pages["service"]))
    assert "lead-antwerpen@example.org" in pages["lead"]
    assert "service-antwerpen@example.org" in pages["service"]
    assert "lead-antwerpen@example.org" not in pages["service"]


def test_services_of_two_provinces_see_only_their_own_applications(app, factory, candidates):
    antwerpen = _signed_in(app, factory.user("service", "antwerpen"))
    oost = _signed_in(app, factory.user("service", "oost-vlaanderen"))
    page_antwerpen = antwerpen.get("/aanmeldingen").text
    page_oost = oost.get("/aanmeldingen").text
    assert "Eik" in page_antwerpen and "Linde" not in page_antwerpen
    assert "Linde" in page_oost and "Eik" not in page_oost


def test_a_flashed_message_shows_once_on_a_cached_page(app, client, login_as):
    login_as("lead")
    for path in SHARED:
        assert client.get(path).status_code == 200  # the cache is filled
        with client.session_transaction() as session:
            session["_flashes"] = [("success", "Opgeslagen <en bewaard>.")]
        shown = client.get(path).text
        assert '<div class="alert alert-success" role="status">' in shown, path
        assert "Opgeslagen &lt;en bewaard&gt;." in shown
        assert "Opgeslagen" not in client.get(path).text


def test_a_renamed_other_round_shows_at_once_in_the_round_bar(app, client, login_as, current_round):
    login_as("lead")
    for path in SHARED:
        assert "Huidige ronde" in client.get(path).text
    with app.app_context():
        running = db.session.scalar(select(Rollout).where(Rollout.slug == current_round))
        running.name = "Ronde met een nieuwe naam"
        db.session.commit()
    for path in SHARED:
        page = client.get(path).text
        assert "Ronde met een nieuwe naam" in page and "Huidige ronde" not in page, path


def test_a_deactivated_viewer_is_refused_on_the_next_request_of_a_cached_page(
    app, client, factory, login_as
):
    login_as("lead")
    victim = factory.user("service", "antwerpen")
    other = _signed_in(app, victim)
    assert other.get(PAST).status_code == 200
    assert other.get(PAST).status_code == 200  # from the cache
    user_id = factory.get_user(victim).id
    token = csrf_token(client.get("/gebruikers").text)
    response = client.post(f"/gebruikers/{user_id}/deactiveren", data={"csrf_token": token})
    assert response.status_code == 302
    assert other.get(PAST).status_code == 302


def test_a_shared_page_refuses_to_hold_a_csrf_token_of_its_own(app, factory, seeded):
    """A shared page's template that asked for a CSRF token itself (a form's field, not
    `personal("csrf")`) would give one viewer's token to every viewer of its kind: an error,
    never a page."""
    lead = factory.user("lead")
    with app.test_request_context("/provinces?ronde=2021-2022"):
        login_user(db.session.scalar(select(User).where(User.email == lead)))
        chosen_round()
        make = lambda: {"form": LoginForm(), "resume_path": None, "resume_hidden": []}  # noqa: E731
        with pytest.raises(RuntimeError, match="no CSRF token"):
            shared_page("test", "auth/login.html", make)
