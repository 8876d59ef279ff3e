import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, email, password=PASSWORD):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state("networkidle")  # the landing page has loaded all it needs


@pytest.mark.parametrize(
    ("role", "lands_on", "heading"),
    [
        ("lead", "/provinces", "Provincies"),
        ("organisation", "/mijn-organisatie", "Voorziening oost-vlaanderen organisation"),
        ("service", "/provinces/oost-vlaanderen", "Oost-Vlaanderen"),
    ],
)
def test_each_role_signs_in_and_lands_on_its_home(page, factory, seeded, role, lands_on, heading):
    email = factory.user(role, "oost-vlaanderen")
    sign_in(page, email)
    expect(page).to_have_url(re.compile(re.escape(lands_on) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    navigation = page.get_by_role("navigation", name="Hoofdnavigatie")
    expect(navigation.get_by_role("link", name="Gebruikers")).to_have_count(
        1 if role == "lead" else 0
    )
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_text("U bent afgemeld.")).to_be_visible()


def test_a_wrong_password_is_shown_at_the_field(page, factory, seeded):
    email = factory.user("lead")
    sign_in(page, email, "niet het juiste wachtwoord")
    expect(page.get_by_text("E-mailadres of wachtwoord is onjuist")).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_have_value(email)


def test_the_plan_page_shows_phases_and_milestones(page, factory, seeded):
    sign_in(page, factory.user("lead"))
    page.goto("/plan?ronde=2021-2022")
    for number, name in enumerate(
        ["Sensibiliseren", "Aanmelding & beeldvorming", "Matching", "Fitting", "Training"], 1
    ):
        expect(
            page.get_by_role("heading", name=re.compile(f"Fase {number}: {re.escape(name)}"))
        ).to_be_visible()
    row = page.locator("tr[data-activity='inspiratie-pleegzorg']")
    expect(row).to_contain_text("11 feb 2021")
    expect(row).to_contain_text("Mijlpaal")


def test_pages_work_on_a_phone(browser, live_server, factory, seeded):
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        sign_in(page, factory.user("service", "antwerpen"))
        menu = page.get_by_role("button", name="Menu openen")
        expect(menu).to_be_visible()
        menu.click()
        expect(page.get_by_role("link", name="Plan", exact=True)).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
    finally:
        context.close()
