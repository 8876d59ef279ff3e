"""Every page a role reaches passes axe-core's WCAG 2.1 A and AA rules.

Per role (signed in as the demo accounts on the demo data): the pages of its navigation, and
the pages these link to within the app (GET links only, no downloads), up to PAGES_PER_ROLE.
axe-core is vendored for the tests only (`make vendor-axe`).
"""

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from rollout.demo import load_demo
from rollout.extensions import db
from rollout.plan.seeding import apply_plan
from rollout.timeutil import brussels_today
from tests.browser.test_sign_in import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES_PER_ROLE = 40
SAME_SHAPE = 3
#: Files, not pages: exports, calendars, attachments.
NOT_A_PAGE = re.compile(r"\.(csv|ics|xlsx|png|svg|pdf)$|/bijlagen/\d+$|^/kalender/|^/static/")

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.split("\\n")[1]),
  }));
}"""


@pytest.fixture
def demo(app, plan_spec, monkeypatch):
    """The data `make run` shows: the 2021-2022 round and the demo round, every role."""
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    with app.app_context():
        apply_plan(db.session, plan_spec)
        load_demo(db.session, plan_spec, brussels_today())
        db.session.commit()


def links(scope) -> list[str]:
    """The app's pages linked from `scope` (a page or a part of one)."""
    hrefs = scope.locator("a[href]").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        url = urldefrag(href).url
        parts = urlsplit(url)
        if not url or parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # in-page anchors, mailto:, other sites (an online Q&A session)
        if not NOT_A_PAGE.search(parts.path):
            found.append(url)
    return found


def check(page, url: str) -> list[str]:
    """The violations on one page, as lines to print."""
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    charts = page.locator("[data-figure]")
    for i in range(charts.count()):  # Plotly draws them after the page has loaded
        charts.nth(i).locator(".main-svg").first.wait_for()
    assert page.evaluate("typeof axe.run") == "function"
    return [
        f"{url} {v['id']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(v["nodes"][:5])
        for v in page.evaluate(RUN_AXE, WCAG_21_AA)
    ]


def crawl(page) -> tuple[list[str], list[str]]:
    """The signed-in role's navigation, then the app's pages these link to; at most
    PAGES_PER_ROLE pages and SAME_SHAPE of one shape (one activity page is much like another)."""
    home = urlsplit(page.url).path
    navigation = [home, *links(page.get_by_role("navigation", name="Hoofdnavigatie"))]
    visited, violations, deeper, shapes = [], [], [], Counter()
    for level in (navigation, deeper):
        for url in level:
            shape = re.sub(r"\d+", "N", urlsplit(url).path)
            if url in visited or len(visited) >= PAGES_PER_ROLE or shapes[shape] >= SAME_SHAPE:
                continue
            visited.append(url)
            shapes[shape] += 1
            violations += check(page, url)
            if level is navigation:
                deeper += links(page)
    return visited, violations


@pytest.mark.parametrize(
    "email", ["lead@example.org", "org-antwerpen@example.org", "pz-antwerpen@example.org"]
)
def test_every_page_of_a_role_passes_wcag_21_aa(browser, live_server, demo, email):
    context = browser.new_context(base_url=live_server, locale="nl-BE")
    # axe-core in every page before the page's own scripts: no inline script for the pages'
    # CSP (script-src 'self') to refuse, so the pages are checked as users get them.
    context.add_init_script(AXE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, email)
    page.mouse.move(0, 0)  # off the buttons: axe would judge a hover halfway its transition
    visited, violations = crawl(page)
    context.close()
    print(f"{email}: {len(visited)} pages", *visited, sep="\n  ")
    assert len(visited) >= 8, visited
    assert not violations, f"{len(violations)} on {len(visited)} pages:\n" + "\n".join(violations)


def test_axe_finds_a_violation_when_there_is_one(browser, live_server, app):
    """The check itself works: a page with an unlabelled field fails."""
    context = browser.new_context(base_url=live_server)
    context.add_init_script(AXE)
    page = context.new_page()
    page.goto("/login")
    page.evaluate("document.querySelector('label[for=email]').remove()")
    found = {v["id"] for v in page.evaluate(RUN_AXE, WCAG_21_AA)}
    context.close()
    assert "label" in found
