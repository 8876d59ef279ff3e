"""The sessions on the composing pages: the held sessions as marks on a province's timeline,
every session in its calendar, and the information session on its activity's page (its one
session, recorded by a lead or the province's service). The plan knows no sessions: what it
shows of them comes from here as plain data."""

from flask import flash
from flask_login import current_user

from rollout.extensions import db
from rollout.plan.charts import TimelineMark
from rollout.plan.exports import TimedEvent
from rollout.plan.models import Province
from rollout.policy import Action, can
from rollout.sessions import info as info_sessions
from rollout.sessions import queries as session_queries
from rollout.sessions.models import KIND_LABELS
from rollout.staffing import queries as staffing_queries
from rollout.staffing.models import TeamKind
from rollout.timeutil import to_brussels
from rollout.web import current_act, public_url, require, run_change


def timeline_marks(rollout, province: Province) -> list[TimelineMark]:
    """The held sessions of the province (and the programme-wide ones) as plain marks for the
    plan's timeline, which knows no sessions."""
    return [
        TimelineMark(m.activity_id, m.day, m.label)
        for m in session_queries.held_markers(db.session, rollout, province)
    ]


def calendar_events(rollout, province: Province) -> list[TimedEvent]:
    """Every session of the province and the programme-wide ones, for its calendar: stable
    UIDs (`sessie-<id>@pp-uitrol`, as its invitations), cancelled ones marked so."""
    events = []
    for meeting in session_queries.calendar_sessions(db.session, rollout, province):
        lines = [KIND_LABELS[meeting.kind]]
        if meeting.led_by:
            lines.append(f"Door: {meeting.led_by}")
        if meeting.online_link:
            lines.append(f"Online: {meeting.online_link}")
        if meeting.is_cancelled:
            lines.append(f"Geannuleerd: {meeting.cancel_reason}")
        lines.append(public_url("sessions.meeting", meeting_id=meeting.id))
        events.append(
            TimedEvent(
                uid=f"sessie-{meeting.id}@pp-uitrol",
                summary=session_queries.label_of(meeting)
                + ("" if meeting.province_id else " (alle provincies)"),
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                description="\n".join(lines),
                location=meeting.place or meeting.online_link,
                cancelled=meeting.is_cancelled,
                sequence=meeting.invitations_sent,
            )
        )
    return events


def info_session_block(rollout, province: Province, form=None) -> dict:
    """The information session on its activity's page: its one session, and the form a lead or
    the province's service records it with (the same record the team page shows)."""
    info = session_queries.info_session_of(db.session, rollout, province)
    if form is None:
        org_ref = staffing_queries.team_ref(db.session, rollout, province, TeamKind.ORGANISATION)
        planned = staffing_queries.planned_windows(
            db.session, rollout, province, [session_queries.INFO_SESSION_ACTIVITY]
        )
        window = planned.get(session_queries.INFO_SESSION_ACTIVITY)
        data = {
            "held_on": staffing_queries.proposed(
                rollout, window[1] if window else None, org_ref.decided_on
            )
        }
        if info and info.is_held:
            data = {
                "held_on": to_brussels(info.starts_at).date(),
                "attendees": info.head_count,
                "note": info.minutes,
            }
        form = info_sessions.InfoSessionForm(prefix="info", data=data)
    service = staffing_queries.team_ref(db.session, rollout, province, TeamKind.SERVICE)
    return {
        "info": info,
        "info_form": form,
        "may_record_info": can(current_user, Action.EDIT_TEAM, service),
    }


def save_info_session(rollout, province: Province, form) -> bool:
    """Record the information session (a lead, or the province's foster-care service)."""
    require(
        Action.EDIT_TEAM,
        staffing_queries.team_ref(db.session, rollout, province, TeamKind.SERVICE),
    )
    if not form.validate():
        return False
    saved = run_change(
        lambda: info_sessions.record_info_session(
            db.session,
            rollout,
            province,
            form.held_on.data,
            form.attendees.data,
            form.note.data or "",
            current_act(),
        ),
        form,
        at="held_on",
    )
    if saved:
        flash("Infosessie bewaard.", "success")
    return saved.saved
