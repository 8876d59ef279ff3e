"""Who may do what: the one place that answers it, asked by every view and every template.

Plain functions, no Flask: `can(user, action, target)` returns a bool; `visibility` tells a view
whether a refusal may reveal that the target exists (403) or must not (404).
"""

import enum
from typing import Any

from rollout.auth.models import Organisation, Role, User
from rollout.plan.models import Province


class Action(enum.StrEnum):
    VIEW_PLAN = "plan.view"
    VIEW_PROVINCE = "province.view"
    VIEW_ORGANISATION = "organisation.view"
    RECORD_PROGRESS = "progress.record"
    MANAGE_PLAN = "plan.manage"
    MANAGE_USERS = "users.manage"
    VIEW_ALL_PROVINCES = "provinces.view_all"


#: Actions only a programme lead may take.
LEAD_ONLY = frozenset(
    {Action.RECORD_PROGRESS, Action.MANAGE_PLAN, Action.MANAGE_USERS, Action.VIEW_ALL_PROVINCES}
)

#: Targets whose existence must not leak to someone who may not see them: refuse with 404.
HIDDEN_WHEN_REFUSED = (Organisation, User)


def _is_signed_in(user: Any) -> bool:
    return isinstance(user, User) and user.is_active


def _province_id(target: Any) -> int | None:
    if isinstance(target, Province):
        return target.id
    if isinstance(target, Organisation):
        return target.province_id
    return getattr(target, "province_id", None)


def can(user: Any, action: Action, target: Any = None) -> bool:
    """May `user` take `action` on `target`?"""
    if not _is_signed_in(user):
        return False
    if user.role is Role.LEAD:
        return True
    if action in LEAD_ONLY:
        return False
    if action is Action.VIEW_PLAN:
        return True
    if action is Action.VIEW_PROVINCE:
        return target is not None and _province_id(target) == user.home_province_id
    if action is Action.VIEW_ORGANISATION:
        if user.role is Role.ORGANISATION:
            return isinstance(target, Organisation) and target.id == user.organisation_id
        return _province_id(target) == user.province_id
    return False


def refusal_status(target: Any) -> int:
    """The HTTP status of a refusal: 404 where even the target's existence must not leak."""
    return 404 if isinstance(target, HIDDEN_WHEN_REFUSED) else 403
