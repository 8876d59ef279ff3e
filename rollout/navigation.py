"""The navigation each role sees, derived from the policy."""

from dataclasses import dataclass

from flask import url_for

from rollout.extensions import db
from rollout.policy import Action, can
from rollout.prematching.queries import partner_round


def team_url(province, rollout=None) -> str:
    """The team page of a province (in a given round, else the one the page picks)."""
    return url_for("staffing.province", slug=province.slug, ronde=rollout.slug if rollout else None)


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
        items.append(NavItem("Mijn provincie", url_for("home.province", slug=province.slug)))
    if user.organisation is not None:
        items.insert(0, NavItem("Mijn organisatie", url_for("home.my_organisation")))
        items.append(NavItem("Aanmeldingsfiche", url_for("applications.mine")))
        team_round = partner_round(db.session, user.organisation_id)
        if team_round is not None:  # its team, once it is its province's partner
            items.append(NavItem("P&P-team", team_url(province, team_round)))
    if can(user, Action.VIEW_ALL_PROVINCES):
        items.append(NavItem("Provincies", url_for("plan.overview")))
    if can(user, Action.MANAGE_APPLICATIONS) or (
        province is not None and can(user, Action.LIST_APPLICATIONS, province)
    ):
        items.append(NavItem("Aanmeldingen", url_for("applications.index")))
    if can(user, Action.MANAGE_MATCHING) or (
        province is not None and can(user, Action.VIEW_MATCHING, province)
    ):
        items.append(NavItem("Matching", url_for("prematching.index")))
    if can(user, Action.VIEW_TEAMS_OVERVIEW):
        items.append(NavItem("Teams", url_for("staffing.index")))
    elif user.service_province is not None:
        items.append(NavItem("P&P-team", team_url(user.service_province)))
    if can(user, Action.VIEW_MEETINGS):
        items.append(NavItem("Sessies", url_for("sessions.index")))
    items.append(NavItem("Vragenronde", url_for("qa.index")))
    items.append(NavItem("Plan", url_for("plan.plan")))
    if can(user, Action.MANAGE_USERS):
        items.append(NavItem("Organisaties", url_for("auth.organisations")))
        items.append(NavItem("Gebruikers", url_for("auth.users")))
    if can(user, Action.VIEW_AUDIT):
        items.append(NavItem("Auditlog", url_for("audit.index")))
    if can(user, Action.MANAGE_PEOPLE):
        items.append(NavItem("Personen", url_for("home.people")))
    return items
