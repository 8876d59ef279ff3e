"""Small helpers for views: the policy check that aborts, and CSRF handled by the form."""

import re
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from rollout.extensions import db
from rollout.plan.models import Province
from rollout.policy import Action, can, refusal_status


def require(action: Action, target: Any = None) -> None:
    """Abort with 403, or 404 where the target's existence must not leak, unless allowed."""
    if not can(current_user, action, target):
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
