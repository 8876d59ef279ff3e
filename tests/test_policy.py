"""The policy as a plain function: every role against every action and target."""

import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from rollout.applications.models import Application, ApplicationStatus
from rollout.auth.models import Organisation, Role, User
from rollout.plan.models import Province, Rollout
from rollout.policy import RULES, Action, OrganisationInRound, UnknownAction, can, refusal_status
from rollout.prematching.models import Decision, PaperVerdict, ReviewerAssignment, Screening
from rollout.sessions.models import Meeting, MeetingKind
from rollout.sessions.queries import MeetingRef
from rollout.sessions.reports import SessionsScope
from rollout.staffing.models import TeamKind
from rollout.staffing.queries import TeamRef

ANTWERPEN = Province(id=1, slug="antwerpen", name="Antwerpen", foster_care_service="PZ A")
LIMBURG = Province(id=2, slug="limburg", name="Limburg", foster_care_service="PZ L")
APPROVED = datetime(2021, 1, 1, tzinfo=UTC)
ORG_A = Organisation(id=10, slug="a", name="A", province_id=1, approved_at=APPROVED)
ORG_A2 = Organisation(id=11, slug="a2", name="A2", province_id=1, approved_at=APPROVED)
ORG_L = Organisation(id=12, slug="l", name="L", province_id=2, approved_at=APPROVED)
#: Signed up itself, not yet approved by a lead: fills in its draft and reads the plan only.
ORG_WAITING = Organisation(id=13, slug="w", name="W", province_id=1, signed_up=True)


def user(role: Role, active: bool = True) -> User:
    u = User(email=f"{role}@x", role=role, is_active=active)
    if role is Role.ORGANISATION:
        u.organisation_id, u.organisation = ORG_A.id, ORG_A
    if role is Role.SERVICE:
        u.province_id = ANTWERPEN.id
    return u


LEAD, ORG, SERVICE = user(Role.LEAD), user(Role.ORGANISATION), user(Role.SERVICE)
WAITING = user(Role.ORGANISATION)
WAITING.organisation_id, WAITING.organisation = ORG_WAITING.id, ORG_WAITING
REVIEWER = user(Role.SERVICE)
REVIEWER.id = 7
LEAD.id, OTHER_LEAD = 8, user(Role.LEAD)
OTHER_LEAD.id = 9

OPEN = Rollout(id=1, slug="2021-2022", name="Open", start_date=date(2021, 1, 1))
CLOSED = Rollout(
    id=2, slug="2019-2020", name="Closed", start_date=date(2019, 1, 1), closed_at=datetime.now(UTC)
)


def application(organisation, status=ApplicationStatus.DRAFT, rollout=OPEN, reviewer=None):
    app = Application(organisation=organisation, organisation_id=organisation.id, status=status)
    app.rollout = rollout
    if reviewer is not None:
        app.reviewer_assignments = [ReviewerAssignment(user_id=reviewer.id)]
    return app


DRAFT_A = application(ORG_A)
SUBMITTED_A = application(ORG_A, ApplicationStatus.SUBMITTED)
DRAFT_A2 = application(ORG_A2)
SUBMITTED_L = application(ORG_L, ApplicationStatus.SUBMITTED)
ASSIGNED = application(ORG_A2, ApplicationStatus.SUBMITTED, reviewer=REVIEWER)
ASSIGNED_DRAFT = application(ORG_A2, reviewer=REVIEWER)
ASSIGNED_CLOSED = application(ORG_A2, ApplicationStatus.SUBMITTED, CLOSED, reviewer=REVIEWER)
SUBMITTED_A_CLOSED = application(ORG_A, ApplicationStatus.SUBMITTED, CLOSED)
WITHDRAWN_A = application(ORG_A, ApplicationStatus.WITHDRAWN)
TO_INTERVIEW = application(ORG_A, ApplicationStatus.SUBMITTED)
TO_INTERVIEW.screening = Screening(verdict=PaperVerdict.TO_INTERVIEW)
NOT_RETAINED = application(ORG_A2, ApplicationStatus.SUBMITTED)
NOT_RETAINED.screening = Screening(verdict=PaperVerdict.NOT_RETAINED)
UNPUBLISHED = Decision(province_id=ANTWERPEN.id)
PUBLISHED = Decision(province_id=ANTWERPEN.id, published_at=datetime.now(UTC))
A_IN_ROUND = OrganisationInRound(ORG_A.id, ANTWERPEN.id, OPEN)
A2_IN_ROUND = OrganisationInRound(ORG_A2.id, ANTWERPEN.id, OPEN)
A_IN_CLOSED_ROUND = OrganisationInRound(ORG_A.id, ANTWERPEN.id, CLOSED)


def team(kind, partner=ORG_A.id, province=ANTWERPEN, rollout=OPEN, takes_part=True):
    return TeamRef(rollout, province, kind, partner, takes_part=takes_part)


ORG_TEAM, SERVICE_TEAM = team(TeamKind.ORGANISATION), team(TeamKind.SERVICE)
UNDECIDED_TEAM = team(TeamKind.ORGANISATION, partner=None)
OTHER_PARTNER_TEAM = team(TeamKind.ORGANISATION, partner=ORG_A2.id)
LIMBURG_TEAM = team(TeamKind.SERVICE, partner=ORG_L.id, province=LIMBURG)
CLOSED_SERVICE_TEAM = team(TeamKind.SERVICE, rollout=CLOSED)
NOT_TAKING_PART_TEAM = team(TeamKind.SERVICE, takes_part=False)


def meeting(province=ANTWERPEN, kind=MeetingKind.SUPERVISION, partners=(ORG_A.id,), rollout=OPEN):
    made = Meeting(kind=kind, province_id=province.id if province else None)
    return MeetingRef(made, rollout, frozenset(partners))


SUPERVISION_A = meeting()
SUPERVISION_L = meeting(LIMBURG, partners=(ORG_L.id,))
SUPERVISION_A_CLOSED = meeting(rollout=CLOSED)
TRAINING = meeting(None, MeetingKind.FRAMEWORK_TRAINING, partners=(ORG_A.id, ORG_L.id))
INSPIRATION = meeting(None, MeetingKind.INSPIRATION, partners=())
NOT_PARTNER_ORG = user(Role.ORGANISATION)
NOT_PARTNER_ORG.organisation_id, NOT_PARTNER_ORG.organisation = ORG_A2.id, ORG_A2


def scope(province=ANTWERPEN, partner=ORG_A.id, rollout=OPEN, wide=False, meeting=True):
    """A session of `province` (or a programme-wide one seen from `province`), or with
    meeting=False the figures of `province`."""
    session = Meeting(province_id=None if wide else province.id) if meeting else None
    return SessionsScope(rollout, province.id, partner, session)


A_SESSION, L_SESSION = scope(), scope(LIMBURG, ORG_L.id)
A_SESSION_CLOSED = scope(rollout=CLOSED)
A_SESSION_OTHER_PARTNER = scope(partner=ORG_A2.id)
WIDE_SEEN_FROM_A, WIDE_SEEN_FROM_L = scope(wide=True), scope(LIMBURG, ORG_L.id, wide=True)
A_FIGURES, L_FIGURES = scope(meeting=False), scope(LIMBURG, ORG_L.id, meeting=False)

CASES = [
    (LEAD, Action.MANAGE_USERS, None, True),
    (ORG, Action.MANAGE_USERS, None, False),
    (SERVICE, Action.MANAGE_USERS, None, False),
    (LEAD, Action.RECORD_PROGRESS, ANTWERPEN, True),
    (ORG, Action.RECORD_PROGRESS, ANTWERPEN, False),
    (SERVICE, Action.RECORD_PROGRESS, ANTWERPEN, False),
    (LEAD, Action.VIEW_PLAN, None, True),
    (ORG, Action.VIEW_PLAN, None, True),
    (SERVICE, Action.VIEW_PLAN, None, True),
    (LEAD, Action.VIEW_PROVINCE, LIMBURG, True),
    (ORG, Action.VIEW_PROVINCE, ANTWERPEN, True),
    (ORG, Action.VIEW_PROVINCE, LIMBURG, False),
    (SERVICE, Action.VIEW_PROVINCE, ANTWERPEN, True),
    (SERVICE, Action.VIEW_PROVINCE, LIMBURG, False),
    (ORG, Action.VIEW_PROVINCE, None, False),
    (ORG, Action.VIEW_ORGANISATION, ORG_A, True),
    (ORG, Action.VIEW_ORGANISATION, ORG_A2, False),  # same province, other organisation
    (SERVICE, Action.VIEW_ORGANISATION, ORG_A2, True),
    (SERVICE, Action.VIEW_ORGANISATION, ORG_L, False),
    (LEAD, Action.VIEW_ALL_PROVINCES, None, True),
    (SERVICE, Action.VIEW_ALL_PROVINCES, None, False),
    # the plan
    (ORG, Action.VIEW_ALL_PROVINCES, None, False),
    (LEAD, Action.MANAGE_PLAN, None, True),
    (ORG, Action.MANAGE_PLAN, None, False),
    (SERVICE, Action.MANAGE_PLAN, None, False),
    # users and organisations
    (LEAD, Action.VIEW_ORGANISATION, ORG_L, True),
    (LEAD, Action.APPROVE_ORGANISATIONS, None, True),
    (ORG, Action.APPROVE_ORGANISATIONS, None, False),
    (SERVICE, Action.APPROVE_ORGANISATIONS, None, False),
    (LEAD, Action.MANAGE_ORGANISATIONS, None, True),
    (ORG, Action.MANAGE_ORGANISATIONS, None, False),
    (SERVICE, Action.MANAGE_ORGANISATIONS, None, False),
    (LEAD, Action.MANAGE_MEMBERS, ORG_A, True),
    (ORG, Action.MANAGE_MEMBERS, ORG_A, True),
    (ORG, Action.MANAGE_MEMBERS, ORG_A2, False),
    (SERVICE, Action.MANAGE_MEMBERS, ORG_A, False),
    (WAITING, Action.MANAGE_MEMBERS, ORG_WAITING, False),  # issue 15, point 9
    (LEAD, Action.DEACTIVATE_USER, OTHER_LEAD, True),
    (LEAD, Action.DEACTIVATE_USER, LEAD, False),  # never one's own account
    (ORG, Action.DEACTIVATE_USER, OTHER_LEAD, False),
    (SERVICE, Action.DEACTIVATE_USER, OTHER_LEAD, False),
    # the Q&A round
    (LEAD, Action.MANAGE_QA, None, True),
    (ORG, Action.MANAGE_QA, None, False),
    (SERVICE, Action.MANAGE_QA, None, False),
    (LEAD, Action.REGISTER_QA, A_IN_ROUND, True),
    (ORG, Action.REGISTER_QA, A_IN_ROUND, True),
    (ORG, Action.REGISTER_QA, A2_IN_ROUND, False),
    (ORG, Action.REGISTER_QA, A_IN_CLOSED_ROUND, False),
    (LEAD, Action.REGISTER_QA, A_IN_CLOSED_ROUND, True),
    (SERVICE, Action.REGISTER_QA, A_IN_ROUND, False),
    (WAITING, Action.REGISTER_QA, OrganisationInRound(ORG_WAITING.id, 1, OPEN), False),
    (LEAD, Action.VIEW_QA_LINKS, None, True),
    (ORG, Action.VIEW_QA_LINKS, None, True),
    (SERVICE, Action.VIEW_QA_LINKS, None, True),
    (WAITING, Action.VIEW_QA_LINKS, None, False),
    (WAITING, Action.START_APPLICATION, OrganisationInRound(ORG_WAITING.id, 1, OPEN), True),
    # applications
    (LEAD, Action.START_APPLICATION, A_IN_ROUND, True),
    (ORG, Action.START_APPLICATION, A_IN_ROUND, True),
    (ORG, Action.START_APPLICATION, A2_IN_ROUND, False),
    (ORG, Action.START_APPLICATION, A_IN_CLOSED_ROUND, False),
    (SERVICE, Action.START_APPLICATION, A_IN_ROUND, False),
    (LEAD, Action.VIEW_APPLICATION, DRAFT_A2, True),
    (ORG, Action.VIEW_APPLICATION, DRAFT_A, True),
    (ORG, Action.VIEW_APPLICATION, DRAFT_A2, False),
    (SERVICE, Action.VIEW_APPLICATION, SUBMITTED_A, True),
    (SERVICE, Action.VIEW_APPLICATION, DRAFT_A, False),
    (SERVICE, Action.VIEW_APPLICATION, SUBMITTED_L, False),
    (ORG, Action.EDIT_APPLICATION, DRAFT_A, True),
    (ORG, Action.EDIT_APPLICATION, SUBMITTED_A, False),
    (ORG, Action.EDIT_APPLICATION, DRAFT_A2, False),
    (LEAD, Action.EDIT_APPLICATION, DRAFT_A, False),  # a lead reopens it instead
    (SERVICE, Action.EDIT_APPLICATION, DRAFT_A, False),
    (LEAD, Action.WITHDRAW_APPLICATION, SUBMITTED_A, True),
    (ORG, Action.WITHDRAW_APPLICATION, SUBMITTED_A, True),
    (ORG, Action.WITHDRAW_APPLICATION, DRAFT_A2, False),
    (ORG, Action.WITHDRAW_APPLICATION, SUBMITTED_A_CLOSED, False),
    (SERVICE, Action.WITHDRAW_APPLICATION, SUBMITTED_A, False),
    (LEAD, Action.MANAGE_APPLICATIONS, None, True),
    (ORG, Action.MANAGE_APPLICATIONS, None, False),
    (SERVICE, Action.MANAGE_APPLICATIONS, None, False),
    (LEAD, Action.LIST_APPLICATIONS, LIMBURG, True),
    (SERVICE, Action.LIST_APPLICATIONS, ANTWERPEN, True),
    (SERVICE, Action.LIST_APPLICATIONS, LIMBURG, False),
    (ORG, Action.LIST_APPLICATIONS, ANTWERPEN, False),
    (ORG, Action.ACT_AS_APPLICANT, SUBMITTED_A, True),
    (ORG, Action.ACT_AS_APPLICANT, SUBMITTED_A_CLOSED, True),
    (ORG, Action.ACT_AS_APPLICANT, DRAFT_A2, False),
    (LEAD, Action.ACT_AS_APPLICANT, SUBMITTED_A, False),
    (SERVICE, Action.ACT_AS_APPLICANT, SUBMITTED_A, False),
    (LEAD, Action.REOPEN_APPLICATION, SUBMITTED_A, True),
    (LEAD, Action.REOPEN_APPLICATION, WITHDRAWN_A, True),
    (LEAD, Action.REOPEN_APPLICATION, DRAFT_A, False),  # already a draft
    (ORG, Action.REOPEN_APPLICATION, SUBMITTED_A, False),
    (SERVICE, Action.REOPEN_APPLICATION, SUBMITTED_A, False),
    # prematching
    (LEAD, Action.MANAGE_MATCHING, None, True),
    (ORG, Action.MANAGE_MATCHING, None, False),
    (SERVICE, Action.MANAGE_MATCHING, None, False),
    (LEAD, Action.VIEW_MATCHING, LIMBURG, True),
    (SERVICE, Action.VIEW_MATCHING, ANTWERPEN, True),
    (SERVICE, Action.VIEW_MATCHING, LIMBURG, False),
    (ORG, Action.VIEW_MATCHING, ANTWERPEN, False),
    (LEAD, Action.REVIEW_APPLICATION, SUBMITTED_L, True),
    (REVIEWER, Action.REVIEW_APPLICATION, ASSIGNED, True),
    (REVIEWER, Action.REVIEW_APPLICATION, ASSIGNED_DRAFT, False),
    (REVIEWER, Action.REVIEW_APPLICATION, ASSIGNED_CLOSED, False),  # read only once closed
    (SERVICE, Action.REVIEW_APPLICATION, ASSIGNED, False),  # not asked to review it
    (ORG, Action.REVIEW_APPLICATION, SUBMITTED_A, False),
    (LEAD, Action.VIEW_REVIEW, SUBMITTED_L, True),
    (REVIEWER, Action.VIEW_REVIEW, ASSIGNED, True),
    (REVIEWER, Action.VIEW_REVIEW, ASSIGNED_CLOSED, True),
    (REVIEWER, Action.VIEW_REVIEW, ASSIGNED_DRAFT, False),
    (SERVICE, Action.VIEW_REVIEW, ASSIGNED, False),
    (ORG, Action.VIEW_REVIEW, SUBMITTED_A, False),
    (LEAD, Action.PLAN_INTERVIEW, TO_INTERVIEW, True),
    (LEAD, Action.PLAN_INTERVIEW, NOT_RETAINED, False),
    (LEAD, Action.PLAN_INTERVIEW, SUBMITTED_A, False),  # no verdict on paper yet
    (SERVICE, Action.PLAN_INTERVIEW, TO_INTERVIEW, False),
    (ORG, Action.PLAN_INTERVIEW, TO_INTERVIEW, False),
    (LEAD, Action.PUBLISH_DECISION, UNPUBLISHED, True),
    (LEAD, Action.PUBLISH_DECISION, PUBLISHED, False),  # published once
    (SERVICE, Action.PUBLISH_DECISION, UNPUBLISHED, False),
    (ORG, Action.PUBLISH_DECISION, UNPUBLISHED, False),
    # P&P teams
    (LEAD, Action.VIEW_TEAM, LIMBURG_TEAM, True),
    (ORG, Action.VIEW_TEAM, ORG_TEAM, True),
    (ORG, Action.VIEW_TEAM, SERVICE_TEAM, True),  # the partner sees the service's team
    (ORG, Action.VIEW_TEAM, OTHER_PARTNER_TEAM, False),
    (SERVICE, Action.VIEW_TEAM, ORG_TEAM, True),
    (SERVICE, Action.VIEW_TEAM, LIMBURG_TEAM, False),
    (LEAD, Action.EDIT_TEAM, ORG_TEAM, True),
    (LEAD, Action.EDIT_TEAM, UNDECIDED_TEAM, False),  # nobody knows whose team it is yet
    (LEAD, Action.EDIT_TEAM, NOT_TAKING_PART_TEAM, False),
    (LEAD, Action.EDIT_TEAM, CLOSED_SERVICE_TEAM, True),
    (ORG, Action.EDIT_TEAM, ORG_TEAM, True),
    (ORG, Action.EDIT_TEAM, SERVICE_TEAM, False),
    (ORG, Action.EDIT_TEAM, OTHER_PARTNER_TEAM, False),
    (SERVICE, Action.EDIT_TEAM, SERVICE_TEAM, True),
    (SERVICE, Action.EDIT_TEAM, ORG_TEAM, False),
    (SERVICE, Action.EDIT_TEAM, LIMBURG_TEAM, False),
    (SERVICE, Action.EDIT_TEAM, CLOSED_SERVICE_TEAM, False),
    (LEAD, Action.VIEW_TEAMS_OVERVIEW, None, True),
    (ORG, Action.VIEW_TEAMS_OVERVIEW, None, False),
    (SERVICE, Action.VIEW_TEAMS_OVERVIEW, None, False),
    # sessions
    (LEAD, Action.VIEW_MEETINGS, None, True),
    (ORG, Action.VIEW_MEETINGS, None, True),  # scoped by sessions.queries.scope_of
    (SERVICE, Action.VIEW_MEETINGS, None, True),
    (LEAD, Action.VIEW_MEETING, SUPERVISION_L, True),
    (ORG, Action.VIEW_MEETING, SUPERVISION_A, True),  # the partner of its province
    (ORG, Action.VIEW_MEETING, SUPERVISION_L, False),
    (ORG, Action.VIEW_MEETING, TRAINING, True),  # programme-wide, for every partner
    (NOT_PARTNER_ORG, Action.VIEW_MEETING, SUPERVISION_A, False),  # not the partner
    (NOT_PARTNER_ORG, Action.VIEW_MEETING, TRAINING, False),
    (NOT_PARTNER_ORG, Action.VIEW_MEETING, INSPIRATION, True),  # open to all
    (SERVICE, Action.VIEW_MEETING, SUPERVISION_A, True),
    (SERVICE, Action.VIEW_MEETING, SUPERVISION_L, False),
    (SERVICE, Action.VIEW_MEETING, TRAINING, True),
    (LEAD, Action.MANAGE_MEETINGS, None, True),
    (ORG, Action.MANAGE_MEETINGS, None, False),
    (SERVICE, Action.MANAGE_MEETINGS, None, False),
    (LEAD, Action.WRITE_MINUTES, SUPERVISION_L, True),
    (LEAD, Action.WRITE_MINUTES, SUPERVISION_A_CLOSED, True),
    (SERVICE, Action.WRITE_MINUTES, SUPERVISION_A, True),
    (SERVICE, Action.WRITE_MINUTES, SUPERVISION_L, False),
    (SERVICE, Action.WRITE_MINUTES, TRAINING, False),
    (SERVICE, Action.WRITE_MINUTES, SUPERVISION_A_CLOSED, False),  # the round is closed
    (ORG, Action.WRITE_MINUTES, SUPERVISION_A, False),
    # sessions: attendance and figures
    (LEAD, Action.VIEW_ATTENDANCE, L_SESSION, True),
    (SERVICE, Action.VIEW_ATTENDANCE, A_SESSION, True),
    (SERVICE, Action.VIEW_ATTENDANCE, L_SESSION, False),
    (SERVICE, Action.VIEW_ATTENDANCE, WIDE_SEEN_FROM_A, True),
    (ORG, Action.VIEW_ATTENDANCE, A_SESSION, True),  # the province's partner
    (ORG, Action.VIEW_ATTENDANCE, A_SESSION_OTHER_PARTNER, False),
    (ORG, Action.VIEW_ATTENDANCE, L_SESSION, False),
    (LEAD, Action.RECORD_ATTENDANCE, L_SESSION, True),
    (LEAD, Action.RECORD_ATTENDANCE, WIDE_SEEN_FROM_A, True),
    (LEAD, Action.RECORD_ATTENDANCE, A_SESSION_CLOSED, True),  # leads may still correct
    (SERVICE, Action.RECORD_ATTENDANCE, A_SESSION, True),
    (SERVICE, Action.RECORD_ATTENDANCE, A_SESSION_CLOSED, False),
    (SERVICE, Action.RECORD_ATTENDANCE, L_SESSION, False),
    (SERVICE, Action.RECORD_ATTENDANCE, WIDE_SEEN_FROM_A, False),  # a lead's session
    (ORG, Action.RECORD_ATTENDANCE, A_SESSION, False),
    (LEAD, Action.SEND_INVITATIONS, A_SESSION, True),
    (SERVICE, Action.SEND_INVITATIONS, A_SESSION, False),
    (ORG, Action.SEND_INVITATIONS, A_SESSION, False),
    (LEAD, Action.MEETING_CALENDAR, L_SESSION, True),
    (SERVICE, Action.MEETING_CALENDAR, A_SESSION, True),
    (SERVICE, Action.MEETING_CALENDAR, L_SESSION, False),
    (ORG, Action.MEETING_CALENDAR, A_SESSION, True),
    (ORG, Action.MEETING_CALENDAR, A_SESSION_OTHER_PARTNER, False),
    (ORG, Action.MEETING_CALENDAR, WIDE_SEEN_FROM_L, True),  # programme-wide: for everyone
    (LEAD, Action.VIEW_SESSION_FIGURES, None, True),
    (LEAD, Action.VIEW_SESSION_FIGURES, L_FIGURES, True),
    (SERVICE, Action.VIEW_SESSION_FIGURES, A_FIGURES, True),
    (SERVICE, Action.VIEW_SESSION_FIGURES, L_FIGURES, False),
    (SERVICE, Action.VIEW_SESSION_FIGURES, None, False),
    (ORG, Action.VIEW_SESSION_FIGURES, A_FIGURES, True),
    (ORG, Action.VIEW_SESSION_FIGURES, L_FIGURES, False),
    (ORG, Action.VIEW_SESSION_FIGURES, None, False),
    # the audit log: leads only
    (LEAD, Action.VIEW_AUDIT, None, True),
    (SERVICE, Action.VIEW_AUDIT, None, False),
    (ORG, Action.VIEW_AUDIT, None, False),
    # a person's data: leads only
    (LEAD, Action.MANAGE_PEOPLE, None, True),
    (SERVICE, Action.MANAGE_PEOPLE, None, False),
    (ORG, Action.MANAGE_PEOPLE, None, False),
]


@pytest.mark.parametrize(("who", "action", "target", "allowed"), CASES)
def test_can(who, action, target, allowed):
    assert can(who, action, target) is allowed


@pytest.mark.parametrize("action", list(Action))
def test_nobody_signed_out_or_deactivated_may_do_anything(action):
    anonymous = SimpleNamespace(is_authenticated=False)
    assert not can(anonymous, action, ANTWERPEN)
    assert not can(None, action, ANTWERPEN)
    assert not can(user(Role.LEAD, active=False), action, ANTWERPEN)


def test_refusals_hide_organisations_and_users_but_not_provinces():
    assert refusal_status(ORG_L) == 404
    assert refusal_status(LEAD) == 404
    assert refusal_status(LIMBURG) == 403
    assert refusal_status(None) == 403
    assert refusal_status(SUPERVISION_L) == 404  # a session of another province
    assert refusal_status(A_SESSION) == 404  # a session of another province: never revealed
    assert refusal_status(scope(partner=None)) == 404


def test_every_row_of_the_policy_is_in_the_matrix_for_every_role():
    assert set(RULES) == set(Action)
    asked = {(who.role, action) for who, action, _, _ in CASES}
    missing = {(role, action) for role in Role for action in RULES} - asked
    assert not missing


def test_every_row_of_the_policy_is_asked_somewhere():
    root = Path(__file__).parents[1]
    sources = [p for p in (root / "rollout").rglob("*.py") if p.name != "policy.py"]
    text = "\n".join(p.read_text() for p in [*sources, *(root / "templates").rglob("*.html")])
    asked = set(re.findall(r"Action\.([A-Z_]+)", text))
    assert {action.name for action in RULES} <= asked


def test_an_action_the_policy_does_not_know_raises():
    with pytest.raises(UnknownAction):
        can(LEAD, "plan.rewrite")
    with pytest.raises(UnknownAction):
        can(None, "plan.rewrite")
