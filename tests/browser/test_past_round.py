"""A lead enters the 2021-2022 round after the fact (issue 9): the round chosen once stays
chosen, the decision takes the day it happened, and the province's timeline ends in 2022."""

import json
from datetime import UTC, date, datetime
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser


def test_a_decision_of_2021_recorded_today_keeps_the_timeline_in_2022(
    page, app, factory, current_round
):
    factory.application(
        "oost-vlaanderen", "Schelde", "2021-2022", submitted_at=datetime(2021, 5, 1, 10, tzinfo=UTC)
    )

    sign_in(page, factory.user("lead", email="lead@example.org"))
    navigation = page.get_by_role("navigation", name="Hoofdnavigatie")
    navigation.get_by_role("link", name="Matching").click()
    expect(page.locator("#ronde-naam")).to_have_text("Huidige ronde")  # the running round

    # the older round, chosen once, by clicking
    page.get_by_label("Andere ronde").select_option(label="Verspreidingsplan P&P 2021-2022")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("#ronde-status")).to_have_text("afgelopen")
    page.get_by_role("link", name="Oost-Vlaanderen").click()

    # the verdict on paper, given on 8 June 2021
    page.locator("th", has_text="Voorziening Schelde").get_by_role(
        "link", name="Oordeel op papier"
    ).click()
    page.get_by_label("Door naar het gesprek").check()
    page.get_by_label("Oordeel gegeven op").fill("2021-06-08")
    page.get_by_role("button", name="Oordeel bewaren").click()
    expect(page.locator("td[data-paper]")).to_contain_text("8 jun 2021")

    # the decision, taken on 25 June 2021
    page.get_by_label("Deze organisatie werkt samen met de pleegzorgdienst").check()
    page.get_by_label("Organisatie", exact=True).select_option(label="Voorziening Schelde")
    page.get_by_label("Reden", exact=True).fill("Sterke match in het gesprek")
    page.get_by_label("Beslist op").fill("2021-06-25")
    page.get_by_role("button", name="Beslissing bewaren").click()
    expect(page.locator("#beslist-op")).to_contain_text("25 jun 2021")

    # the province page: still the 2021-2022 round, over, its timeline within the plan
    navigation.get_by_role("link", name="Provincies").click()
    expect(page.locator("#ronde-naam")).to_have_text("Verspreidingsplan P&P 2021-2022")
    page.locator("#cijfers").get_by_role("link", name="Oost-Vlaanderen").click()
    expect(page.locator("#afgelopen")).to_contain_text("31 dec 2022")
    decision = page.locator('tr[data-activity="beslissing"]')
    expect(decision).to_contain_text("25 jun 2021")
    expect(decision).to_have_attribute("data-status", "done")

    page.locator("#tijdlijn .main-svg").first.wait_for()  # drawn from the figure's own URL
    source = urljoin(page.url, page.locator("#tijdlijn").get_attribute("data-figure-url"))
    figure = page.request.get(source).json()
    end = date.fromisoformat(figure["layout"]["xaxis"]["range"][1][:10])
    assert end <= date(2023, 1, 7), end  # the plan's last day and a week of margin
    assert "Vandaag" not in json.dumps(figure["layout"].get("annotations", []))
