"""The navigation each role sees, derived from the policy."""

from dataclasses import dataclass

from flask import url_for

from rollout.policy import Action, can


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str


def nav_items(user) -> list[NavItem]:
    if not can(user, Action.VIEW_PLAN):
        return []
    items = []
    province = user.service_province or (user.organisation.province if user.organisation else None)
    if province is not None:
        items.append(NavItem("Mijn provincie", url_for("plan.province", slug=province.slug)))
    if can(user, Action.VIEW_ALL_PROVINCES):
        items.append(NavItem("Provincies", url_for("plan.overview")))
    items.append(NavItem("Plan", url_for("plan.plan")))
    if can(user, Action.MANAGE_USERS):
        items.append(NavItem("Gebruikers", url_for("auth.users")))
    return items
