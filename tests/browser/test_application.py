import re

import pytest
from playwright.sync_api import expect

from tests.applications.files import pdf_bytes
from tests.browser.test_sign_in import sign_in
from tests.factories import approve

pytestmark = pytest.mark.browser


def save_and_next(page):
    page.get_by_role("button", name="Opslaan en verder").click()


def test_an_organisation_fills_in_and_submits_and_the_lead_sees_it(
    page, browser, live_server, app, factory, current_round, tmp_path
):
    organisation_id = factory.organisation("west-vlaanderen", "Voorziening Het Anker")
    approve(app, organisation_id)
    sign_in(page, factory.user("organisation", "west-vlaanderen", organisation_id=organisation_id))
    page.get_by_role("link", name="Aanmeldingsfiche").first.click()
    page.get_by_role("button", name="Aanmeldingsfiche starten").click()

    expect(page.get_by_role("heading", name="Organisatie en contactpersoon")).to_be_visible()
    page.get_by_label("Adres van de organisatie").fill("Kaai 1, 8400 Oostende")
    page.get_by_label("Contactpersoon", exact=True).fill("Mieke Anker")
    page.get_by_label("Functie van de contactpersoon").fill("Directeur")
    page.get_by_label("E-mailadres van de contactpersoon").fill("mieke@anker.example.org")
    save_and_next(page)

    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    page.get_by_label(re.compile("invulling van P&P")).fill("P&P voor onze jongste leefgroep.")
    page.get_by_label(re.compile("samenwerking met de provinciale")).fill("Wekelijks overleg.")
    save_and_next(page)

    for _ in range(2):  # content, then organisational requirements
        for radio in page.locator("input[type=radio][value=met]").all():
            radio.check()
        for area in page.locator("textarea").all():
            area.fill("Zo pakken we dat aan.")
        save_and_next(page)
        expect(page.get_by_text("Opgeslagen.")).to_be_visible()

    # the staffing plan: the rule is checked while typing
    page.get_by_label("Inhoudelijke coördinator: naam").fill("Jan")
    page.locator("#start_coordinator").fill("6")
    expect(page.locator("#bezetting-controle li[data-role=coordinator]").first).to_contain_text(
        "2 uur te weinig"
    )
    for role, name, start, later in (
        ("coordinator", "Jan", "8", "8"),
        ("pp_counsellor", "Sara", "8", "19"),
        ("parent_counsellor", "Tom", "8", "8"),
    ):
        page.locator(f"#person_{role}").fill(name)
        page.locator(f"#start_{role}").fill(start)
        page.locator(f"#trajectories_{role}").fill(later)
    expect(page.locator("#bezetting-controle li[data-status=short]")).to_have_count(0)
    save_and_next(page)

    pdf = tmp_path / "visienota.pdf"
    pdf.write_bytes(pdf_bytes())
    page.get_by_label(re.compile("Bestand")).set_input_files(str(pdf))
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("link", name="visienota.pdf")).to_be_visible()
    page.get_by_role("link", name="Verder naar indienen").click()

    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("heading", name="Uw aanmeldingsfiche is ingediend")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Ingediend")

    lead = browser.new_context(base_url=live_server).new_page()
    sign_in(lead, factory.user("lead"))
    lead.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Aanmeldingen"
    ).click()
    row = lead.locator("#aanmeldingen tr", has_text="Voorziening Het Anker")
    expect(row).to_contain_text("Ingediend")
    expect(row).to_contain_text("West-Vlaanderen")
    row.get_by_role("link").click()
    expect(lead.get_by_text("P&P voor onze jongste leefgroep.")).to_be_visible()
    lead.context.close()
