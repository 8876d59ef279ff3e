import pytest
from playwright.sync_api import expect

from rollout.timeutil import brussels_today
from tests.browser.test_sign_in import sign_in
from tests.prematching.test_views import deadline_passed

pytestmark = pytest.mark.browser


def test_one_province_from_application_to_published_decision(
    page,
    browser,
    live_server,
    app,
    factory,
    candidates,
):
    with app.app_context():
        deadline_passed()  # a province is decided once its applications are in
    sign_in(page, factory.user("lead", email="lead@example.org"))
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Matching"
    ).click()
    page.get_by_role("link", name="Antwerpen").click()
    expect(page.get_by_role("heading", name="Matching Antwerpen")).to_be_visible()

    # the review on paper, by the lead
    page.locator("th", has_text="Voorziening Eik").get_by_role("link", name="Beoordelen").click()
    for radio in page.locator("input[type=radio][value=met]").all():
        radio.check()
    page.get_by_role("button", name="Beoordeling indienen").click()
    expect(page.get_by_text("Beoordeling ingediend.")).to_be_visible()

    # the verdict on paper
    page.get_by_role("link", name="Matching Antwerpen").click()
    page.locator("th", has_text="Voorziening Eik").get_by_role(
        "link", name="Oordeel op papier"
    ).click()
    page.get_by_label("Door naar het gesprek").check()
    page.get_by_role("button", name="Oordeel bewaren").click()

    # the interview: planned, then its outcome
    page.get_by_role("link", name="Gesprek plannen").click()
    page.locator("#plan-day").fill(brussels_today().isoformat())  # held today
    page.locator("#plan-starts").fill("14:00")
    page.locator("#plan-ends").fill("15:00")
    page.get_by_label("Plaats").fill("Bethanië, Genk")
    page.get_by_label("lead@example.org (MFC Bethanië)").check()
    page.get_by_role("button", name="Gesprek plannen en uitnodigen").click()
    expect(page.get_by_text("Gesprek gepland")).to_be_visible()
    page.get_by_label("Ja, er is een match").check()
    page.get_by_label("Sterktes").fill("Sterk team")
    page.get_by_role("button", name="Uitkomst bewaren").click()
    expect(page.locator("td[data-interview=yes]")).to_have_count(1)

    # the decision, then published
    page.get_by_label("Deze organisatie werkt samen met de pleegzorgdienst").check()
    page.get_by_label("Organisatie", exact=True).select_option(label="Voorziening Eik")
    page.get_by_label("Reden", exact=True).fill("Beste match")
    page.get_by_label("Wat de andere kandidaten van deze provincie te lezen krijgen").fill(
        "Een sterke kandidatuur; per provincie één organisatie."
    )
    page.get_by_role("button", name="Beslissing bewaren").click()
    expect(page.locator("#huidige-beslissing")).to_contain_text("nog niet gepubliceerd")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator("#huidige-beslissing")).to_contain_text("gepubliceerd")

    # the organisation sees its outcome
    organisation = browser.new_context(base_url=live_server).new_page()
    sign_in(
        organisation,
        factory.user("organisation", "antwerpen", organisation_id=candidates["Eik-org"]),
    )
    expect(organisation.locator("td[data-outcome=selected]")).to_contain_text("Geselecteerd")
    organisation.context.close()
