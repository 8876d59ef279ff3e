"""Who may do what: the one place that answers it, asked by every view and every template.

Plain functions, no Flask: `can(user, action, target)` returns a bool; `refusal_status` tells a
view whether a refusal may reveal that the target exists (403) or must not (404).
"""

import enum
from dataclasses import dataclass
from typing import Any

from rollout.auth.models import Organisation, Role, User
from rollout.plan.models import Province, Rollout


class Action(enum.StrEnum):
    VIEW_PLAN = "plan.view"
    VIEW_PROVINCE = "province.view"
    VIEW_ORGANISATION = "organisation.view"
    RECORD_PROGRESS = "progress.record"
    MANAGE_PLAN = "plan.manage"
    MANAGE_USERS = "users.manage"
    VIEW_ALL_PROVINCES = "provinces.view_all"
    #: Approve an organisation's own sign-up.
    APPROVE_ORGANISATIONS = "organisations.approve"
    #: Invite colleagues into one's own organisation (target: the Organisation).
    MANAGE_MEMBERS = "organisation.members"
    #: The Q&A round: leads define sessions; an organisation registers (target: Organisation).
    MANAGE_QA = "qa.manage"
    REGISTER_QA = "qa.register"
    #: Applications (target: the Application).
    VIEW_APPLICATION = "application.view"
    EDIT_APPLICATION = "application.edit"
    WITHDRAW_APPLICATION = "application.withdraw"
    #: Start the organisation's application (target: the Organisation).
    START_APPLICATION = "application.start"
    #: All applications: the list, exports, reopening, deadline extensions.
    MANAGE_APPLICATIONS = "applications.manage"
    #: The submitted applications of one province (target: the Province).
    LIST_APPLICATIONS = "applications.list"
    #: Prematching: leads run it; a service member reviews the applications assigned to them
    #: (target: the Application) and follows its own province (target: the Province).
    MANAGE_MATCHING = "matching.manage"
    REVIEW_APPLICATION = "application.review"
    #: Reading one's review of an application, also once the round is closed.
    VIEW_REVIEW = "application.review.view"
    VIEW_MATCHING = "matching.view"
    #: P&P teams (target: a staffing.queries.TeamRef): the partner organisation and the service
    #: of the province see both teams and edit their own; leads see and edit all.
    VIEW_TEAM = "team.view"
    EDIT_TEAM = "team.edit"
    VIEW_TEAMS_OVERVIEW = "teams.overview"


#: Actions only a programme lead may take.
LEAD_ONLY = frozenset(
    {
        Action.RECORD_PROGRESS,
        Action.MANAGE_PLAN,
        Action.MANAGE_USERS,
        Action.VIEW_ALL_PROVINCES,
        Action.APPROVE_ORGANISATIONS,
        Action.MANAGE_QA,
        Action.MANAGE_APPLICATIONS,
        Action.MANAGE_MATCHING,
        Action.VIEW_TEAMS_OVERVIEW,
    }
)


#: What organisations and services can no longer do in a round a lead has closed.
ROUND_WRITES = frozenset(
    {
        Action.START_APPLICATION,
        Action.EDIT_APPLICATION,
        Action.WITHDRAW_APPLICATION,
        Action.REGISTER_QA,
        Action.REVIEW_APPLICATION,
        Action.EDIT_TEAM,
    }
)


@dataclass(frozen=True)
class OrganisationInRound:
    """An organisation acting in one round: to start its application, to register for the Q&A
    round. What the policy is asked about for those."""

    organisation_id: int
    province_id: int
    rollout: Rollout

    @classmethod
    def of(cls, organisation: Organisation, rollout: Rollout) -> "OrganisationInRound":
        return cls(organisation.id, organisation.province_id, rollout)


def _rollout_of(target: Any) -> Rollout | None:
    rollout = getattr(target, "rollout", None)
    if rollout is None:  # a Q&A registration belongs to its session's round
        rollout = getattr(getattr(target, "qa_session", None), "rollout", None)
    return rollout if isinstance(rollout, Rollout) else None


def in_closed_round(target: Any) -> bool:
    rollout = _rollout_of(target)
    return rollout is not None and rollout.closed_at is not None


def _is_signed_in(user: Any) -> bool:
    return isinstance(user, User) and user.is_active


def _province_id(target: Any) -> int | None:
    if isinstance(target, Province):
        return target.id
    if isinstance(target, Organisation):
        return target.province_id
    organisation = getattr(target, "organisation", None)
    if isinstance(organisation, Organisation):
        return organisation.province_id
    return getattr(target, "province_id", None)


def _organisation_id(target: Any) -> int | None:
    if isinstance(target, Organisation):
        return target.id
    return getattr(target, "organisation_id", None)


def _own_organisation(user: User, target: Any) -> bool:
    return (
        user.role is Role.ORGANISATION
        and user.organisation_id is not None
        and _organisation_id(target) == user.organisation_id
    )


def can(user: Any, action: Action, target: Any = None) -> bool:
    """May `user` take `action` on `target`?"""
    return not _closed_for(user, action, target) and _may(user, action, target)


def _closed_for(user: Any, action: Action, target: Any) -> bool:
    """A change an organisation or a service can no longer make: its round is closed."""
    return (
        isinstance(user, User)
        and user.role is not Role.LEAD
        and action in ROUND_WRITES
        and in_closed_round(target)
    )


def refused_by_closed_round(user: Any, action: Action, target: Any = None) -> bool:
    """Is the closed round the only reason `user` may not take `action` on `target`? Then the
    refusal may say so."""
    return _closed_for(user, action, target) and _may(user, action, target)


def _may(user: Any, action: Action, target: Any) -> bool:
    if not _is_signed_in(user):
        return False
    if action is Action.EDIT_APPLICATION:
        # only its own organisation fills in its application, and only while it is a draft:
        # a lead reopens it instead
        return _own_organisation(user, target) and getattr(target, "is_editable", False)
    if action is Action.EDIT_TEAM and not getattr(target, "is_open", True):
        # nobody composes the organisation's team before the province's partner is published
        return False
    if user.role is Role.LEAD:
        return True
    if action in LEAD_ONLY:
        return False
    match action:
        case Action.VIEW_PLAN:
            return True
        case Action.VIEW_PROVINCE | Action.LIST_APPLICATIONS:
            if action is Action.LIST_APPLICATIONS and user.role is not Role.SERVICE:
                return False
            return target is not None and _province_id(target) == user.home_province_id
        case Action.VIEW_ORGANISATION:
            if user.role is Role.ORGANISATION:
                return _own_organisation(user, target)
            return _province_id(target) == user.province_id
        case (
            Action.MANAGE_MEMBERS
            | Action.REGISTER_QA
            | Action.WITHDRAW_APPLICATION
            | Action.START_APPLICATION
        ):
            return _own_organisation(user, target)
        case Action.VIEW_TEAM | Action.EDIT_TEAM:
            kind = getattr(target, "kind", None)
            if user.role is Role.ORGANISATION:
                partner = getattr(target, "organisation_id", None)
                mine = partner is not None and partner == user.organisation_id
                return mine and (action is Action.VIEW_TEAM or kind == "organisation")
            in_province = _province_id(target) == user.province_id
            return in_province and (action is Action.VIEW_TEAM or kind == "service")
        case Action.VIEW_MATCHING:
            return user.role is Role.SERVICE and _province_id(target) == user.province_id
        case Action.REVIEW_APPLICATION | Action.VIEW_REVIEW:
            assigned = {a.user_id for a in getattr(target, "reviewer_assignments", ())}
            return (
                user.role is Role.SERVICE
                and user.id in assigned
                and getattr(target, "is_submitted", False)
                and _province_id(target) == user.province_id
            )
        case Action.VIEW_APPLICATION:
            if user.role is Role.ORGANISATION:
                return _own_organisation(user, target)
            # a foster-care service reads the submitted applications of its own province
            return getattr(target, "is_submitted", False) and (
                _province_id(target) == user.province_id
            )
    return False


def refusal_status(target: Any) -> int:
    """The HTTP status of a refusal: 404 where even the target's existence must not leak
    (organisations, users, applications and what hangs under them), 403 otherwise."""
    if target is None or isinstance(target, Province):
        return 403
    if isinstance(target, Organisation | User):
        return 404
    return 404 if _organisation_id(target) is not None else 403
