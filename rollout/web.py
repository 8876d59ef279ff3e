"""Small helpers for views: the policy check that aborts, CSRF handled by the form, and the
one way a view runs a change."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, request, session
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from rollout.changes import Act, Conflict, Refused
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
    province = db.session.scalar(select(Province).where(Province.slug == slug))
    if province is None:
        abort(404)
    return province


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
