"""Both P&P teams of every decided province in the 2021-2022 round (seeds/demo/staffing.yaml),
through the team services."""

from datetime import date

from rollout.auth.models import User
from rollout.changes import Act
from rollout.demo.content import Content
from rollout.demo.context import Demo
from rollout.plan.models import StaffingRole
from rollout.staffing import services as teams
from rollout.staffing.models import TeamKind, TeamMember
from rollout.staffing.queries import TeamRef, members_of, team_ref


def _add_member(
    demo: Demo, ref: TeamRef, member: Content, last_day: date | None, lead: User
) -> TeamMember:
    content = demo.content("staffing")
    names = content.part("team_names")
    return teams.add_member(
        demo.session,
        ref,
        name=member.fill("name", team=names.text(ref.kind.value), province_name=ref.province.name),
        email="",
        role=member.choice("role", StaffingRole),
        hours=member.number("hours"),
        valid_from=content.day("composed_on"),
        valid_until=last_day,
        act=Act.by(lead.id, content.moment("recorded_at")),
    )


def _change_hours(demo: Demo, ref: TeamRef, member: TeamMember, hours: int, lead: User) -> None:
    content = demo.content("staffing")
    teams.change_hours(
        demo.session,
        ref,
        member,
        hours,
        content.day("trajectories_from"),
        act=Act.by(lead.id, content.moment("recorded_at")),
        expected_version=member.version,
    )


def _last_day(demo: Demo, ref: TeamRef, role: StaffingRole) -> date | None:
    """The member's last day, where the file gives one."""
    for leave in demo.content("staffing").parts("leaves"):
        if (
            leave.text("province") == ref.province.slug
            and leave.choice("team", TeamKind) is ref.kind
            and leave.choice("role", StaffingRole) is role
        ):
            return leave.day("last_day")
    return None


def _compose(demo: Demo, ref: TeamRef, pp_hours: int, lead: User) -> None:
    """The team's members, added in the file's order; the P&P counsellor's hours change once the
    trajectories start (to `pp_hours` in the organisation's team)."""
    content = demo.content("staffing")
    for member in content.parts("members"):
        role = member.choice("role", StaffingRole)
        added = _add_member(demo, ref, member, _last_day(demo, ref, role), lead)
        if role is StaffingRole.PP_COUNSELLOR:
            service_hours = content.number("service_pp_hours")
            hours = pp_hours if ref.kind is TeamKind.ORGANISATION else service_hours
            _change_hours(demo, ref, added, hours, lead)


def load(demo: Demo) -> None:
    """Each team of a province in the file's pp_hours that has no members yet."""
    content = demo.content("staffing")
    rollout = demo.rollout(content.text("round"))
    lead = demo.lead()
    if rollout is None or lead is None:
        return
    pp_hours_per_province = content.part("pp_hours")
    for slug in pp_hours_per_province.data:
        province = demo.province(slug)
        if province is None:
            raise pp_hours_per_province.error(slug, "is geen provincie van het plan")
        pp_hours = pp_hours_per_province.number(slug)
        for kind in TeamKind:
            ref = team_ref(demo.session, rollout, province, kind)
            if kind is TeamKind.ORGANISATION and ref.organisation_id is None:
                continue
            if members_of(demo.session, ref):
                continue
            _compose(demo, ref, pp_hours, lead)
    demo.session.flush()
