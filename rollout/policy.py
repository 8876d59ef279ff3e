"""Who may do what: the one place that answers it, asked by every view and every template.

Plain functions, no Flask: `can(user, action, target)` returns a bool, from the action's row in
`RULES` (a small predicate on the user and the target); `refusal_status` tells a view whether a
refusal may reveal that the target exists (403) or must not (404).
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rollout.applications.models import ApplicationStatus
from rollout.auth.models import Organisation, Role, User
from rollout.plan.models import Province, Rollout
from rollout.prematching.models import PaperVerdict
from rollout.sessions.models import Meeting
from rollout.sessions.queries import OPEN_KINDS, MeetingRef
from rollout.staffing.models import TeamKind


class Action(enum.StrEnum):
    VIEW_PLAN = "plan.view"
    VIEW_PROVINCE = "province.view"
    VIEW_ORGANISATION = "organisation.view"
    RECORD_PROGRESS = "progress.record"
    MANAGE_PLAN = "plan.manage"
    MANAGE_USERS = "users.manage"
    #: Deactivate an account (target: the User): a lead, never their own.
    DEACTIVATE_USER = "user.deactivate"
    VIEW_ALL_PROVINCES = "provinces.view_all"
    #: Approve an organisation's own sign-up.
    APPROVE_ORGANISATIONS = "organisations.approve"
    #: Correct an organisation's name, address and contact.
    MANAGE_ORGANISATIONS = "organisations.manage"
    #: Invite colleagues into one's own organisation (target: the Organisation).
    MANAGE_MEMBERS = "organisation.members"
    #: The Q&A round: leads define sessions; an organisation registers (target: Organisation).
    MANAGE_QA = "qa.manage"
    REGISTER_QA = "qa.register"
    #: The online links of the Q&A sessions (on their pages and in their .ics).
    VIEW_QA_LINKS = "qa.links"
    #: Applications (target: the Application).
    VIEW_APPLICATION = "application.view"
    EDIT_APPLICATION = "application.edit"
    WITHDRAW_APPLICATION = "application.withdraw"
    #: Be the organisation that applies: what a page says to the applicant itself.
    ACT_AS_APPLICANT = "application.applicant"
    #: Reopen a submitted or withdrawn application (the offer on its page; the step itself
    #: asks MANAGE_APPLICATIONS and the service explains a refusal).
    REOPEN_APPLICATION = "application.reopen"
    #: Start the organisation's application (target: the Organisation).
    START_APPLICATION = "application.start"
    #: All applications: the list, exports, reopening, deadline extensions.
    MANAGE_APPLICATIONS = "applications.manage"
    #: The submitted applications of one province (target: the Province, or an application in it).
    LIST_APPLICATIONS = "applications.list"
    #: Prematching: leads run it; a service member reviews the applications assigned to them
    #: (target: the Application) and follows its own province (target: the Province).
    MANAGE_MATCHING = "matching.manage"
    REVIEW_APPLICATION = "application.review"
    #: Reading one's review of an application, also once the round is closed.
    VIEW_REVIEW = "application.review.view"
    VIEW_MATCHING = "matching.view"
    #: Plan the interview of an application the paper verdict sends on (the offer on the
    #: province's page; the step itself asks MANAGE_MATCHING).
    PLAN_INTERVIEW = "application.interview"
    #: Publish the province's decision once (target: the Decision; the offer on the page, the
    #: step itself asks MANAGE_MATCHING and the service refuses a second publication).
    PUBLISH_DECISION = "decision.publish"
    #: P&P teams (target: a staffing.queries.TeamRef): the partner organisation and the service
    #: of the province see both teams and edit their own; leads see and edit all.
    VIEW_TEAM = "team.view"
    EDIT_TEAM = "team.edit"
    VIEW_TEAMS_OVERVIEW = "teams.overview"
    #: Sessions: the list (scoped by sessions.queries.scope_of), one session (target: a
    #: sessions.queries.MeetingRef), planning them (leads), minutes (target: a MeetingRef).
    VIEW_MEETINGS = "meetings.view"
    VIEW_MEETING = "meeting.view"
    MANAGE_MEETINGS = "meetings.manage"
    WRITE_MINUTES = "meeting.minutes"
    #: Sessions, attendance and figures (target: a sessions.reports.SessionsScope): leads see
    #: and record all; the service of a province and its partner organisation see their
    #: province's attendance and figures, the service records its province's sessions.
    VIEW_ATTENDANCE = "attendance.view"
    RECORD_ATTENDANCE = "attendance.record"
    #: Send (again) a session's invitation mail: leads.
    SEND_INVITATIONS = "meeting.invite"
    #: Download a session's calendar item (.ics): who may see the session.
    MEETING_CALENDAR = "meeting.calendar"
    #: The cadence grid and the training coverage (target: a SessionsScope of one province,
    #: or None for every province).
    VIEW_SESSION_FIGURES = "sessions.figures"
    #: The audit log (every change and security event) and its export: leads.
    VIEW_AUDIT = "audit.view"
    #: Export or erase everything the app holds about one person: leads.
    MANAGE_PEOPLE = "people.manage"


#: What organisations and services can no longer do in a round a lead has closed.
ROUND_WRITES = frozenset(
    {
        Action.START_APPLICATION,
        Action.EDIT_APPLICATION,
        Action.WITHDRAW_APPLICATION,
        Action.REGISTER_QA,
        Action.REVIEW_APPLICATION,
        Action.EDIT_TEAM,
        Action.WRITE_MINUTES,
        Action.RECORD_ATTENDANCE,
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


Rule = Callable[[User, Any], bool]


def _any_of(*rules: Rule) -> Rule:
    return lambda user, target: any(rule(user, target) for rule in rules)


def _all_of(*rules: Rule) -> Rule:
    return lambda user, target: all(rule(user, target) for rule in rules)


# --- who: the user's role and place -----------------------------------------------------------


def _anyone(user: User, target: Any) -> bool:
    return True


def _lead(user: User, target: Any) -> bool:
    return user.role is Role.LEAD


def _own_organisation(user: User, target: Any) -> bool:
    """A member of the organisation the target is or belongs to."""
    return (
        user.role is Role.ORGANISATION
        and user.organisation_id is not None
        and _organisation_id(target) == user.organisation_id
    )


def _in_home_province(user: User, target: Any) -> bool:
    """The target is in the province the user follows: the service's own, the organisation's."""
    return target is not None and _province_id(target) == user.home_province_id


def _not_waiting_for_approval(user: User, target: Any) -> bool:
    """Not a member of an organisation that signed up itself and waits for a lead's approval:
    until then it may fill in its draft and read the plan, nothing more."""
    if user.role is not Role.ORGANISATION:
        return True
    organisation = user.organisation
    return organisation is not None and organisation.is_approved


def _service_of_province(user: User, target: Any) -> bool:
    """A member of the foster-care service of the target's province."""
    province_id = _province_id(target)
    return user.role is Role.SERVICE and province_id is not None and province_id == user.province_id


def _service(user: User, target: Any) -> bool:
    return user.role is Role.SERVICE


def _someone_else(user: User, target: Any) -> bool:
    return isinstance(target, User) and target.id != user.id


# --- what: the target's state -----------------------------------------------------------------


def _submitted(user: User, target: Any) -> bool:
    return getattr(target, "is_submitted", False)


def _editable(user: User, target: Any) -> bool:
    """Only a draft is filled in: a lead reopens a submitted application instead."""
    return getattr(target, "is_editable", False)


def _submitted_or_withdrawn(user: User, target: Any) -> bool:
    return getattr(target, "status", None) in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.WITHDRAWN,
    )


def _assigned_reviewer(user: User, target: Any) -> bool:
    """A service member a lead asked to review this submitted application of its province."""
    assigned = {a.user_id for a in getattr(target, "reviewer_assignments", ())}
    return _service_of_province(user, target) and user.id in assigned and _submitted(user, target)


def _to_interview(user: User, target: Any) -> bool:
    """The paper verdict sends the application on to an interview."""
    screening = getattr(target, "screening", None)
    return screening is not None and screening.verdict is PaperVerdict.TO_INTERVIEW


def _unpublished(user: User, target: Any) -> bool:
    return not getattr(target, "is_published", True)


def _team_open(user: User, target: Any) -> bool:
    """Nobody composes the organisation's team before the province's partner is published."""
    return getattr(target, "is_open", True)


def _composes_team(user: User, target: Any) -> bool:
    """Each side composes its own team: the partner organisation, the province's service."""
    kind = getattr(target, "kind", None)
    if kind == TeamKind.ORGANISATION:
        return _own_organisation(user, target)
    return kind == TeamKind.SERVICE and _service_of_province(user, target)


def _programme_wide(user: User, target: Any) -> bool:
    return getattr(target, "is_programme_wide", False)


def _open_to_all(user: User, target: Any) -> bool:
    """A programme-wide inspiration session: any organisation may see it."""
    return _programme_wide(user, target) and getattr(target, "kind", None) in OPEN_KINDS


def _partner(user: User, target: Any) -> bool:
    """A member of a published partner organisation the session is for (target: a MeetingRef:
    its province's partner, or for a programme-wide one every province's that takes part)."""
    return user.role is Role.ORGANISATION and user.organisation_id in getattr(
        target, "partner_ids", ()
    )


def _province_session(user: User, target: Any) -> bool:
    """A session of one province (not a programme-wide one)."""
    meeting = getattr(target, "meeting", None)
    return meeting is not None and meeting.province_id is not None


def _programme_wide_scope(user: User, target: Any) -> bool:
    """A SessionsScope of a programme-wide session."""
    return getattr(target, "programme_wide", False)


#: Who may take each action: one row per action, grouped by area. A new area adds its actions
#: and its rows here; `can` has no branch of its own.
RULES: dict[Action, Rule] = {
    # plan
    Action.VIEW_PLAN: _anyone,
    Action.VIEW_PROVINCE: _any_of(_lead, _in_home_province),
    Action.VIEW_ALL_PROVINCES: _lead,
    Action.RECORD_PROGRESS: _lead,
    Action.MANAGE_PLAN: _lead,
    # users and organisations
    Action.MANAGE_USERS: _lead,
    Action.DEACTIVATE_USER: _all_of(_lead, _someone_else),
    Action.APPROVE_ORGANISATIONS: _lead,
    Action.MANAGE_ORGANISATIONS: _lead,
    Action.VIEW_ORGANISATION: _any_of(_lead, _own_organisation, _service_of_province),
    Action.MANAGE_MEMBERS: _any_of(_lead, _all_of(_own_organisation, _not_waiting_for_approval)),
    # the Q&A round
    Action.MANAGE_QA: _lead,
    Action.REGISTER_QA: _any_of(_lead, _all_of(_own_organisation, _not_waiting_for_approval)),
    Action.VIEW_QA_LINKS: _not_waiting_for_approval,
    # applications
    Action.START_APPLICATION: _any_of(_lead, _own_organisation),
    Action.VIEW_APPLICATION: _any_of(
        _lead, _own_organisation, _all_of(_service_of_province, _submitted)
    ),
    Action.EDIT_APPLICATION: _all_of(_own_organisation, _editable),
    Action.WITHDRAW_APPLICATION: _any_of(_lead, _own_organisation),
    Action.ACT_AS_APPLICANT: _own_organisation,
    Action.MANAGE_APPLICATIONS: _lead,
    Action.LIST_APPLICATIONS: _any_of(_lead, _service_of_province),
    Action.REOPEN_APPLICATION: _all_of(_lead, _submitted_or_withdrawn),
    # prematching
    Action.MANAGE_MATCHING: _lead,
    Action.VIEW_MATCHING: _any_of(_lead, _service_of_province),
    Action.REVIEW_APPLICATION: _any_of(_lead, _assigned_reviewer),
    Action.VIEW_REVIEW: _any_of(_lead, _assigned_reviewer),
    Action.PLAN_INTERVIEW: _all_of(_lead, _to_interview),
    Action.PUBLISH_DECISION: _all_of(_lead, _unpublished),
    # P&P teams
    Action.VIEW_TEAM: _any_of(_lead, _own_organisation, _service_of_province),
    Action.EDIT_TEAM: _all_of(_team_open, _any_of(_lead, _composes_team)),
    Action.VIEW_TEAMS_OVERVIEW: _lead,
    # sessions
    Action.VIEW_MEETINGS: _anyone,
    Action.VIEW_MEETING: _any_of(
        _lead,
        _service_of_province,
        _all_of(_programme_wide, _service),
        _partner,
        _open_to_all,
    ),
    Action.MANAGE_MEETINGS: _lead,
    Action.WRITE_MINUTES: _any_of(_lead, _service_of_province),
    # sessions: attendance and figures
    Action.VIEW_ATTENDANCE: _any_of(_lead, _service_of_province, _own_organisation),
    Action.RECORD_ATTENDANCE: _any_of(_lead, _all_of(_province_session, _service_of_province)),
    Action.SEND_INVITATIONS: _lead,
    Action.MEETING_CALENDAR: _any_of(
        _lead, _programme_wide_scope, _service_of_province, _own_organisation
    ),
    Action.VIEW_SESSION_FIGURES: _any_of(_lead, _service_of_province, _own_organisation),
    # the audit log
    Action.VIEW_AUDIT: _lead,
    Action.MANAGE_PEOPLE: _lead,
}


class UnknownAction(LookupError):
    """An action the policy has no row for: a mistake in the code, never a refusal."""


def _rule(action: Action) -> Rule:
    try:
        return RULES[action]
    except KeyError:
        raise UnknownAction(action) from None


def can(user: Any, action: Action, target: Any = None) -> bool:
    """May `user` take `action` on `target`? Nobody signed out or deactivated may do anything;
    nobody but a lead changes a closed round."""
    rule = _rule(action)
    return _is_signed_in(user) and not _closed_for(user, action, target) and rule(user, target)


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
    rule = _rule(action)
    return _closed_for(user, action, target) and _is_signed_in(user) and rule(user, target)


def refusal_status(target: Any) -> int:
    """The HTTP status of a refusal: 404 where even the target's existence must not leak
    (organisations, users, applications and what hangs under them), 403 otherwise."""
    if target is None or isinstance(target, Province):
        return 403
    if isinstance(target, Meeting | MeetingRef):
        return 404  # a session of another province must not be known to exist
    if getattr(target, "hides_existence", False):
        return 404
    if isinstance(target, Organisation | User):
        return 404
    return 404 if _organisation_id(target) is not None else 403
