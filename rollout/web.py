"""Small helpers for views: the policy check that aborts, and CSRF handled by the form."""

import re
from typing import Any

from flask import abort, g, request, session
from flask_login import current_user
from sqlalchemy import select

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
