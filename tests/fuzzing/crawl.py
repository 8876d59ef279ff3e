"""Find every POST form of the app the way a user does: sign in as each demo account, follow
the links from the home page, and note every form on every page with the endpoint it posts to.
A form a role sees is one the role may use (templates ask the same policy as the views)."""

from collections import deque
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from werkzeug.exceptions import HTTPException

from tests.fuzzing.forms import Form, read_page

#: Pages not worth following: files, feeds and figures have no forms.
SKIPPED_SUFFIXES = (".csv", ".xlsx", ".ics", ".json", ".txt", ".ico", ".pdf")
#: At most this many pages per endpoint and arguments other than ids (one application's
#: section is much like another's), and per endpoint.
PAGES_PER_KIND = 3
PAGES_PER_ENDPOINT = 8
#: At most this many forms per endpoint and role (a list shows the same form on every row).
FORMS_PER_ENDPOINT = 3


@dataclass(frozen=True)
class Found:
    """A form on `page`, seen by the client of `role`, posting to `endpoint`."""

    role: str
    page: str
    endpoint: str
    form: Form


def endpoint_of(adapter, path: str, method: str) -> str | None:
    return _match(adapter, path, method)[0]


def _match(adapter, path: str, method: str) -> tuple[str | None, tuple]:
    """The endpoint of `path` and its arguments other than ids (a section, a province)."""
    try:
        endpoint, args = adapter.match(urlsplit(path).path, method=method)
    except HTTPException:
        return None, ()
    query = tuple(sorted(parse_qsl(urlsplit(path).query)))
    return endpoint, (*sorted((k, v) for k, v in args.items() if not isinstance(v, int)), *query)


def crawl(app, client, role: str, starts: tuple[str, ...] = ("/",)) -> list[Found]:
    """Every POST form reachable by links from `starts` for `client` (signed in as `role`),
    from one start after the other (a page may choose the round the next ones show)."""
    adapter = app.url_map.bind("localhost")
    seen, shown, found = set(starts), {}, []
    per_target: dict[str, set] = {}
    for start in starts:
        todo = deque([start])
        while todo:
            page = todo.popleft()
            key = _match(adapter, page, "GET")
            if shown.get(key, 0) >= PAGES_PER_KIND or shown.get(key[0], 0) >= PAGES_PER_ENDPOINT:
                continue
            response = client.get(page)
            location = response.headers.get("Location", "")
            if response.status_code in (301, 302, 303) and location.startswith("/"):
                todo.extend(_new([location], seen))
                continue
            if response.status_code != 200 or "text/html" not in response.content_type:
                continue
            shown[key] = shown.get(key, 0) + 1
            shown[key[0]] = shown.get(key[0], 0) + 1
            links, forms = read_page(page, response.text)
            for form in forms:
                target = endpoint_of(adapter, form.action, "POST")
                signatures = per_target.setdefault(target, set())
                fresh = form.signature() not in signatures
                if target and fresh and len(signatures) < FORMS_PER_ENDPOINT:
                    signatures.add(form.signature())
                    found.append(Found(role, page, target, form))
            todo.extend(_new(links, seen))
    return found


def _new(links: list[str], seen: set[str]) -> list[str]:
    """The links not seen yet that may lead to a page (not a file, a feed or a figure)."""
    new = [
        link
        for link in dict.fromkeys(links)
        if link not in seen
        and not urlsplit(link).path.startswith("/static/")
        and not urlsplit(link).path.endswith(SKIPPED_SUFFIXES)
    ]
    seen.update(new)
    return new


def post_endpoints(app) -> set[str]:
    """Every endpoint of the app that takes a POST."""
    return {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
