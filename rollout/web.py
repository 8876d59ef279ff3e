"""Small helpers for views: the policy check that aborts, CSRF handled by the form, and the
one way a view runs a change."""

import functools
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    g,
    get_flashed_messages,
    get_template_attribute,
    render_template,
    request,
    session,
)
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from rollout.caching import cached, cached_until
from rollout.changes import Act, Conflict, Refused
from rollout.database import lean_load, lean_select
from rollout.extensions import db
from rollout.plan.models import Province, Rollout
from rollout.plan.queries import RoundView, default_rollout, list_rollouts
from rollout.policy import Action, can, refusal_status, refused_by_closed_round
from rollout.timeutil import brussels_today

#: Where the round a user chose is remembered while they move between pages.
ROUND_KEY = "ronde"


#: Why a change is refused in a round a lead has closed.
CLOSED_ROUND = (
    "Deze ronde is afgesloten: er kan niets meer in gewijzigd worden. Neem contact op met "
    "MFC Bethanië als er toch iets moet worden aangepast."
)


def require(action: Action, target: Any = None) -> None:
    """Abort with 403, or 404 where the target's existence must not leak, unless allowed; a
    refusal only because the round is closed says so."""
    if not can(current_user, action, target):
        if refused_by_closed_round(current_user, action, target):
            abort(403, description=CLOSED_ROUND)
        abort(refusal_status(target))


def csrf_rerender(view):
    """Mark a view whose FlaskForm checks the CSRF token itself: an expired token then comes
    back as an error on the form, with everything the user typed still in it."""
    view.csrf_rerenders = True
    return view


def public_url(endpoint: str, **values: Any) -> str:
    """The full address of a page for a mail, a feed or an export: on the public address
    (config BASE_URL), never on the Host a request named. Works outside a request too (a
    command, the scheduler)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def parse_id(value: Any) -> int | None:
    """A number sent in a form (an id or a version), or None for anything else."""
    text = str(value if value is not None else "")
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def province_or_404(slug: str) -> Province:
    found = lean_load(db.session, Province, _province_by_slug(), {"slug": slug})
    if not found:
        abort(404)
    return found[0]


@functools.cache
def _province_by_slug():
    return lean_select(Province).where(Province.__table__.c.slug == bindparam("slug"))


def chosen_round(rollout: Rollout | None = None) -> RoundView:
    """The round this page shows: `rollout` where the page belongs to one (an application, an
    activity), else the one asked for (?ronde=, then remembered), else the last one chosen,
    else the round that is running. The page's header names it and offers the others."""
    rollouts = list_rollouts(db.session)
    fixed = rollout
    if rollout is None:
        asked = request.args.get(ROUND_KEY)
        if asked:
            rollout = next((r for r in rollouts if r.slug == asked), None)
            if rollout is None:
                abort(404)
            if session.get(ROUND_KEY) != rollout.slug:
                session[ROUND_KEY] = rollout.slug
        else:
            remembered = session.get(ROUND_KEY)
            rollout = next((r for r in rollouts if r.slug == remembered), None)
    today = brussels_today()
    rollout = rollout or default_rollout(rollouts, today)
    if rollout is None:
        abort(404)
    g.round_view = RoundView(rollout, rollouts, today)
    #: Pages that belong to one round (an application, an activity) offer no other.
    g.round_choice = fixed is None
    return g.round_view


# --- pages shared by every viewer of one kind ---------------------------------------------------

#: What a shared page leaves open for each request: the viewer's own (their email, their
#: session's CSRF token, their flashed messages) and what a view passes (`shared_page`).
PERSONAL_MARK = "\x00personal:{}\x00"


def personal(name: str) -> Markup:
    """In a template: what is the viewer's own (`email`, `csrf`, `flashes`, or what the view
    passed to `shared_page`). Rendered for a shared page, a mark that each request fills in."""
    if g.get("shared_render"):
        return Markup(PERSONAL_MARK.format(name))  # noqa: S704 - our own mark, no input
    if name == "email":
        return escape(current_user.email)
    if name == "csrf":
        return escape(generate_csrf())
    if name == "flashes":
        messages = get_flashed_messages(with_categories=True)
        if not messages:
            return Markup("")
        return get_template_attribute("_flashes.html", "flashes")(messages)
    return escape(g.personal[name])


def viewer_kind(user: Any) -> str:
    """What the policy and the navigation judge a viewer by (docs/architecture.md): viewers of
    one kind see a shared page alike."""
    return f"{user.role.value}-{user.organisation_id}-{user.province_id}"


def rounds_signature(shown: RoundView) -> str:
    """Every round and its data version, as this request read them (`chosen_round`): what any
    change to a page's data changes (a row that belongs to no round bumps every one)."""
    return ",".join(
        f"{r.id}.{r.created_at.timestamp():.6f}.{r.data_version}" for r in shown.rollouts
    )


def province_as_of(shown: RoundView, slug: str) -> Province:
    """The province of the URL (or 404), as the pages of these data versions see it, read once
    per data version (a change to a province bumps every round's): a transient copy, for the
    policy and a page's key, which a page that shows the province loads anew (`province_or_404`)
    on a miss. Call it after `chosen_round`."""
    key = hashlib.blake2b(f"{slug}\x1f{rounds_signature(shown)}".encode(), digest_size=16)
    row = cached(f"province:{key.hexdigest()}", lambda: _province_row(slug))
    if not row:
        abort(404)
    return Province(**row)


def _province_row(slug: str) -> dict:
    row = db.session.execute(_province_by_slug(), {"slug": slug}).mappings().first()
    return dict(row) if row else {}  # not None: a province that is not there is cached too


def _page_key(part: str) -> str:
    """The key of the page of this request: its path, the view's `part`, the viewer's kind, the
    round shown and every round's data version (the round bar names them all), and today."""
    shown = g.round_view
    rounds = rounds_signature(shown)
    parts = (
        request.path,
        part,
        viewer_kind(current_user),
        f"{shown.rollout.id}.{shown.rollout.created_at.timestamp():.6f}.{shown.rollout.data_version}",
        rounds,
        shown.today.isoformat(),
        str(g.get("round_choice")),
    )
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
    return f"page:{digest}"


def shared_page(part: str, template: str, context: Callable[[], dict], **own: str) -> str:
    """`render_template` for a page that every viewer of one kind sees alike (after the view
    asked the policy and called `chosen_round`): cached whole under its path, `part` (whatever
    else makes it differ), the viewer's kind, the rounds' data versions and the day, with
    marks where each viewer's own goes (`personal`): their email, their CSRF token, their
    flashed messages and `own` (e.g. a personal link). `context` is called on a miss only, and
    must read the data after the rounds (versioning.py); a page that changes at a moment
    without a change to the data (a deadline passing) gives that moment as `changes_at`."""

    def make() -> tuple[str, Any]:
        # a token signed while the page is made, or signed before and found in it, is a
        # viewer's own in a shared page: an error (forms belong on pages of their own)
        signed = g.pop(CSRF_FIELD, None)
        g.shared_render = True
        try:
            values = context()
            changes_at = values.pop("changes_at", None)
            html = render_template(template, **values)
            if g.get(CSRF_FIELD) is not None or (signed is not None and signed in html):
                raise RuntimeError(f"{template}: a shared page holds no CSRF token of its own")
            return html, changes_at
        finally:
            g.shared_render = False
            if signed is not None:
                setattr(g, CSRF_FIELD, signed)

    html = cached_until(_page_key(part), make)
    g.personal = own
    for name in ("email", "csrf", "flashes", *own):
        mark = PERSONAL_MARK.format(name)
        if mark in html:
            value = _signed_csrf_token() if name == "csrf" else personal(name)
            html = html.replace(mark, str(value))
    return html


#: Where Flask-WTF keeps the CSRF token it signed for this request (in `g`).
CSRF_FIELD = "csrf_token"
#: How long a shared page's forms (signing out) reuse the CSRF token signed for their session:
#: it is valid for WTF_CSRF_TIME_LIMIT from its signing, not from the page's.
CSRF_REUSE_SECONDS = 3600
#: Signed tokens by session token, in this process; forgotten all at once when full.
_signed: dict[str, tuple[str, float]] = {}
SIGNED_KEPT = 10_000


def _signed_csrf_token() -> Markup:
    """The session's CSRF token signed as `generate_csrf` does, reused for a while: signing it
    costs more than the rest of a cached page's own parts together."""
    raw = session.get("csrf_token")
    now = time.monotonic()
    reused = _signed.get(raw) if raw else None
    if reused is None or now - reused[1] > CSRF_REUSE_SECONDS:
        if len(_signed) >= SIGNED_KEPT:
            _signed.clear()
        token = generate_csrf()
        _signed[session["csrf_token"]] = reused = (token, now)
    return escape(reused[0])


# --- running a change -------------------------------------------------------------------------


def current_act() -> Act:
    """Who acts and when in this request: the signed-in user, at this moment. A view builds it
    once and passes it to the service it calls."""
    return Act.by(current_user.id if current_user.is_authenticated else None)


@dataclass(frozen=True)
class Outcome:
    """What `run_change` did: saved (it is true, with the change's return `value`), or not,
    with the `message` shown at a field of the form (`at_form`) or flashed."""

    saved: bool
    value: Any = None
    message: str | None = None
    at_form: bool = False

    def __bool__(self) -> bool:
        return self.saved


def run_change(
    change: Callable[[], Any],
    form=None,
    *,
    at: str | None = None,
    conflict: str | None = None,
    on_conflict: Callable[[], None] | None = None,
    quiet: bool = False,
) -> Outcome:
    """Run one change (a service call, which flushes) and commit once: the way every view
    changes something.

    A refusal (`Refused`) is undone and its message put at the form field it names, else at
    field `at`, else flashed; what the user typed stays in the form. A conflict is undone and
    flashed with `conflict`, or the `Conflict`'s own message; with `conflict` given, a stale
    version (optimistic locking) or a unique constraint the database noticed is one too (else
    it is a bug and raised). `on_conflict` then runs, e.g. to take the version now saved. With
    `quiet`, nothing is flashed: the view shows the outcome's `message` itself."""
    try:
        value = change()
        db.session.commit()
    except Conflict as error:
        return _conflict(conflict or str(error), on_conflict, quiet)
    except (StaleDataError, IntegrityError):
        if conflict is None:
            raise
        return _conflict(conflict, on_conflict, quiet)
    except Refused as error:
        db.session.rollback()
        message = str(error)
        field = error.field if form is not None and error.field in form else at
        if form is not None and field is not None:
            form[field].errors = [*form[field].errors, message]
            return Outcome(False, message=message, at_form=True)
        if not quiet:
            flash(message, "danger")
        return Outcome(False, message=message)
    return Outcome(True, value=value)


def _conflict(message: str, on_conflict, quiet: bool) -> Outcome:
    db.session.rollback()
    if not quiet:
        flash(message, "danger")
    if on_conflict is not None:
        on_conflict()
    return Outcome(False, message=message)
