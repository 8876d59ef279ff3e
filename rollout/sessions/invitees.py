"""Who is invited to a session: the members of the province's two P&P teams on the session's
day (a member who left before it is not invited, one who joined by then is), for a
programme-wide session the teams of every province that takes part in the round; plus the
session's guests (extra people by email). A read, in a fixed number of queries for any number
of sessions."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.plan.models import Participation, Province
from rollout.sessions.models import Meeting
from rollout.staffing.models import TEAM_LABELS, TeamKind, TeamMember
from rollout.timeutil import to_brussels

GUEST_LABEL = "Gast"


@dataclass(frozen=True)
class Invitee:
    """One person invited to one session."""

    #: "member:<team_member id>" or "guest:<email>" (the key of their Attendance row).
    person_key: str
    name: str
    email: str
    #: The team they are invited with (None for a guest).
    team: TeamKind | None = None
    province_id: int | None = None
    province_name: str = ""
    team_member_id: int | None = None

    @property
    def team_label(self) -> str:
        return TEAM_LABELS[self.team] if self.team is not None else GUEST_LABEL


def member_key(member_id: int) -> str:
    return f"member:{member_id}"


def guest_key(email: str) -> str:
    return f"guest:{email.strip().lower()}"


def meeting_day(meeting: Meeting):
    """The session's day in Brussels: the day the teams are taken on."""
    return to_brussels(meeting.starts_at).date()


def invitees_of(session: Session, meeting: Meeting) -> list[Invitee]:
    return invitees_by_meeting(session, [meeting])[meeting.id]


def invitees_by_meeting(session: Session, meetings: Sequence[Meeting]) -> dict[int, list[Invitee]]:
    """Every session's invitees, by session id, in three queries whatever their number."""
    if not meetings:
        return {}
    wide_rounds = {m.rollout_id for m in meetings if m.province_id is None}
    taking_part: dict[int, set[int]] = {}
    if wide_rounds:
        for rollout_id, province_id in session.execute(
            select(Participation.rollout_id, Participation.province_id).where(
                Participation.rollout_id.in_(wide_rounds), Participation.takes_part.is_(True)
            )
        ):
            taking_part.setdefault(rollout_id, set()).add(province_id)

    def provinces_of(meeting: Meeting) -> set[int]:
        if meeting.province_id is not None:
            return {meeting.province_id}
        return taking_part.get(meeting.rollout_id, set())

    wanted = {(m.rollout_id, p) for m in meetings for p in provinces_of(m)}
    members: dict[tuple[int, int], list[TeamMember]] = {}
    provinces: dict[int, Province] = {}
    if wanted:
        for member in session.scalars(
            select(TeamMember)
            .where(
                TeamMember.rollout_id.in_({r for r, _ in wanted}),
                TeamMember.province_id.in_({p for _, p in wanted}),
            )
            .order_by(TeamMember.name, TeamMember.valid_from, TeamMember.id)
        ):
            members.setdefault((member.rollout_id, member.province_id), []).append(member)
        provinces = {
            p.id: p
            for p in session.scalars(
                select(Province).where(Province.id.in_({p for _, p in wanted}))
            )
        }
    return {m.id: _invitees(m, provinces_of(m), members, provinces) for m in meetings}


def _invitees(meeting, province_ids, members, provinces) -> list[Invitee]:
    day = meeting_day(meeting)
    order = sorted(province_ids, key=lambda p: (provinces[p].sort_order, provinces[p].name))
    found: list[Invitee] = []
    for province_id in order:
        province = provinces[province_id]
        valid = [
            m for m in members.get((meeting.rollout_id, province_id), []) if m.is_valid_on(day)
        ]
        for kind in TeamKind:
            found += [
                Invitee(
                    member_key(m.id),
                    m.name,
                    m.email,
                    kind,
                    province_id,
                    province.name,
                    m.id,
                )
                for m in valid
                if m.team is kind
            ]
    emails = {i.email.lower() for i in found if i.email}
    for guest in meeting.guests or []:
        address = str(guest.get("email", "")).strip()
        if not address or address.lower() in emails:
            continue
        emails.add(address.lower())
        found.append(Invitee(guest_key(address), guest.get("name") or address, address))
    return found
