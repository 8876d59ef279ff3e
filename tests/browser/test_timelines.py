import pytest
from playwright.sync_api import expect

from rollout.timeutil import brussels_today
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser

WARNING_RGB = "rgb(220, 53, 69)"  # charts.OVERDUE_COLOUR


def test_the_province_page_draws_the_timeline(page, factory, current_round):
    sign_in(page, factory.user("service", "antwerpen"))
    page.goto("/provinces/antwerpen")
    chart = page.locator("#tijdlijn")
    expect(chart.locator(".main-svg").first).to_be_visible()
    expect(page.locator("#huidige-fase")).to_contain_text("Aanmelding & beeldvorming")

    # the five phases as wide bars, labelled on the axis
    for number in range(1, 6):
        expect(chart.locator(".ytick text", has_text=f"Fase {number}:")).to_have_count(1)
    # milestones as diamonds, in their own scatter traces
    assert chart.locator(".scatterlayer .trace .point").count() >= 5
    # today's line, dated today
    expect(chart.locator(".shapelayer path")).to_have_count(1)
    expect(chart.locator(".annotation-text", has_text="Vandaag")).to_have_count(1)
    shape_x = page.evaluate("document.getElementById('tijdlijn').layout.shapes[0].x0")
    assert shape_x == brussels_today().isoformat()
    # phase 1 of the current round has passed with nothing recorded: in the warning colour
    fills = page.evaluate(
        "[...document.querySelectorAll('#tijdlijn .barlayer path')]"
        ".map(p => getComputedStyle(p).fill)"
    )
    assert WARNING_RGB in fills
    # the same items in a table, for reading and for screen readers
    expect(page.locator("tr[data-status='overdue']").first).to_be_visible()
    # Plotly's own toolbar exports PNG and SVG
    chart.hover()
    expect(page.locator(".modebar-btn[data-title='Download als PNG']")).to_have_count(1)
    expect(page.locator(".modebar-btn[data-title='Download als SVG']")).to_have_count(1)


def test_the_overview_shows_every_participating_province(page, factory, current_round):
    sign_in(page, factory.user("lead"))
    page.goto("/provinces")
    chart = page.locator("#overzicht")
    expect(chart.locator(".main-svg").first).to_be_visible()
    for name in ("Antwerpen", "Oost-Vlaanderen", "Vlaams-Brabant en Brussel", "West-Vlaanderen"):
        expect(chart.locator(".ytick text", has_text=f"{name} · F1")).to_have_count(1)
        expect(page.locator("#cijfers tbody th", has_text=name)).to_have_count(1)
    expect(chart.locator(".ytick text", has_text="Limburg")).to_have_count(0)


def test_a_second_page_view_downloads_no_plotly_again(
    page, factory, current_round, app, monkeypatch
):
    hits = []
    served = app.wsgi_app  # static files are answered there, before Flask

    def count(environ, start_response):
        if "plotly" in environ["PATH_INFO"]:
            hits.append(environ["PATH_INFO"])
        return served(environ, start_response)

    monkeypatch.setattr(app, "wsgi_app", count)
    sign_in(page, factory.user("lead"))
    page.goto("/provinces")
    expect(page.locator("#overzicht .main-svg").first).to_be_visible()
    page.goto("/provinces/antwerpen")
    expect(page.locator("#tijdlijn .main-svg").first).to_be_visible()
    page.goto("/provinces")
    expect(page.locator("#overzicht .main-svg").first).to_be_visible()
    assert len(hits) == 1, hits


BOXES = """(id) => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const chart = document.getElementById(id);
  const legend = chart.querySelector('.legend');
  return {
    legend: legend && box(legend),
    labels: [...chart.querySelectorAll('.xtick text, .ytick text')].map(box),
  };
}"""


def overlaps(a, b) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


@pytest.mark.parametrize("width", [1280, 760])
def test_no_axis_label_is_hidden_by_the_legend(page, factory, current_round, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, factory.user("lead"))
    for path, chart in (("/provinces/antwerpen", "tijdlijn"), ("/provinces", "overzicht")):
        page.goto(path)
        expect(page.locator(f"#{chart} .ytick").first).to_be_visible()
        boxes = page.evaluate(BOXES, chart)
        assert boxes["legend"], f"{path}: no legend"
        assert len(boxes["labels"]) > 10
        hidden = [label for label in boxes["labels"] if overlaps(boxes["legend"], label)]
        assert hidden == [], (path, width)


def test_a_shortened_row_label_shows_the_full_name_on_hover(page, factory, current_round):
    sign_in(page, factory.user("service", "antwerpen"))
    page.goto("/provinces/antwerpen")
    label = page.locator("#tijdlijn .ytick text", has_text="Organisatorische blauwdruk")
    expect(label.locator("title")).to_have_text(
        "Organisatorische blauwdruk van de samenwerking tussen organisatie en pleegzorgdienst"
    )
    # the label itself takes the pointer, so the browser shows the title
    label.scroll_into_view_if_needed()
    box = label.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 4
    assert page.evaluate(f"document.elementFromPoint({x}, {y}).closest('.ytick') !== null")
