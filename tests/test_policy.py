"""The policy as a plain function: every role against every action and target."""

from types import SimpleNamespace

import pytest

from rollout.auth.models import Organisation, Role, User
from rollout.plan.models import Province
from rollout.policy import Action, can, refusal_status

ANTWERPEN = Province(id=1, slug="antwerpen", name="Antwerpen", foster_care_service="PZ A")
LIMBURG = Province(id=2, slug="limburg", name="Limburg", foster_care_service="PZ L")
ORG_A = Organisation(id=10, slug="a", name="A", province_id=1)
ORG_A2 = Organisation(id=11, slug="a2", name="A2", province_id=1)
ORG_L = Organisation(id=12, slug="l", name="L", province_id=2)


def user(role: Role, active: bool = True) -> User:
    u = User(email=f"{role}@x", role=role, is_active=active)
    if role is Role.ORGANISATION:
        u.organisation_id, u.organisation = ORG_A.id, ORG_A
    if role is Role.SERVICE:
        u.province_id = ANTWERPEN.id
    return u


LEAD, ORG, SERVICE = user(Role.LEAD), user(Role.ORGANISATION), user(Role.SERVICE)


@pytest.mark.parametrize(
    ("who", "action", "target", "allowed"),
    [
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
    ],
)
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
