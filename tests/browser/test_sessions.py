"""Issue 11, "Done when": a lead generates Antwerpen's supervision series, records the
attendance of one session, and sees the cadence grid and the province's timeline change."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_sign_in import sign_in
from tests.sessions.factories_attendance import add_member

pytestmark = pytest.mark.browser

ROUND = "ronde=2021-2022"
JANUARY = "2022-01-01"

#: The held sessions drawn on the province's timeline: (day, the row of the bar it sits on).
HELD_MARKERS = (
    "(document.getElementById('tijdlijn').data || [])"
    ".filter(t => t.name === 'Gehouden sessie')"
    ".flatMap(t => t.x.map((x, i) => [x, t.y[i]]))"
)


def held_markers(page) -> list[list[str]]:
    page.goto(f"/provinces/antwerpen?{ROUND}")
    expect(page.locator("#tijdlijn .main-svg").first).to_be_visible()
    return page.evaluate(HELD_MARKERS)


def test_a_lead_plans_a_supervision_series_and_records_one_session(page, app, factory, seeded):
    member = add_member(app, "Sara Peeters", "antwerpen")
    sign_in(page, factory.user("lead"))
    assert held_markers(page) == []

    # the series: every second Tuesday, January to May 2022, 13:30-16:00 Brussels time
    page.goto(f"/sessies/reeks?{ROUND}")
    page.get_by_label("Soort sessie").select_option("supervision")
    page.get_by_label("Provincie").select_option(label="Antwerpen")
    page.get_by_label("Activiteit van het plan").select_option(
        label=page.locator("#activity option", has_text="maandelijkse supervisie").inner_text()
    )
    page.get_by_label("Elke maand op dezelfde dag").check()
    page.get_by_label("Welke").select_option("2")
    page.get_by_label("Weekdag").select_option("TU")
    page.get_by_label("Eerste dag").fill(JANUARY)
    page.get_by_label("Laatste dag").fill("2022-05-31")
    page.get_by_label("Van (Belgische tijd)").fill("13:30")
    page.get_by_label("Tot (Belgische tijd)").fill("16:00")
    page.get_by_label("Plaats").fill("Pleegzorg Provincie Antwerpen, Mechelen")
    page.get_by_label("Wie leidt de sessies").fill("Eline Gielen en Ellen Schoofs")
    page.get_by_role("button", name="Reeks plannen").click()
    expect(page.get_by_text("5 sessies gepland.")).to_be_visible()

    # the grid: five months over, none held yet
    page.goto(f"/sessies/cadans?{ROUND}")
    row = page.locator("#cadans tr[data-province=antwerpen]")
    expect(row).to_have_attribute("data-flagged", "ja")
    expect(row.locator(f"td[data-month='{JANUARY}']")).to_have_attribute("data-status", "missed")
    expect(row.locator("td").last).to_have_text("0 / 5")

    # January's session, from its cell: Sara was there
    row.locator(f"td[data-month='{JANUARY}'] a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aanwezigheid")
    expect(page.get_by_text("11 jan 2022", exact=False).first).to_be_visible()
    page.locator(f"tr[data-person='member:{member}'] input[value=present]").check()
    page.get_by_role("button", name="Aanwezigheden opslaan").click()
    expect(page.get_by_text("De aanwezigheden zijn opgeslagen.")).to_be_visible()

    page.goto(f"/sessies/cadans?{ROUND}")
    expect(row.locator(f"td[data-month='{JANUARY}']")).to_have_attribute("data-status", "held")
    expect(row.locator("td[data-month='2022-02-01']")).to_have_attribute("data-status", "missed")
    expect(row.locator("td").last).to_have_text("1 / 5")

    # the timeline: the held session as a marker on the supervision bar
    ((day, bar),) = held_markers(page)
    assert day == "2022-01-11" and "maandelijkse supervisie" in bar.replace("<br>", " ")
