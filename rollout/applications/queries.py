"""What the applications answer, to their own pages and to other areas: an organisation's
application, its deadline and status as shown, its versions, and the 8u/19u check of its staffing
plan. Reads only."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.applications.models import (
    VERDICT_LABELS,
    Application,
    ApplicationStatus,
    ApplicationVersion,
    DeadlineExtension,
    Verdict,
)
from rollout.applications.rules import (
    StaffingPlanCheck,
    check_staffing_plan,
    participation_problem,
    submission_deadline,
)
from rollout.auth.models import Organisation
from rollout.plan.models import Participation, Province, Requirement, Rollout, StaffingRole
from rollout.staffing.queries import rules_for
from rollout.staffing.rules import rule_moments


def requirements_of(session: Session, rollout: Rollout) -> list[Requirement]:
    return list(
        session.scalars(
            select(Requirement)
            .where(Requirement.rollout_id == rollout.id)
            .order_by(Requirement.sort_order)
        )
    )


def find_application(session: Session, rollout: Rollout, organisation: Organisation):
    return session.scalar(
        select(Application).where(
            Application.rollout_id == rollout.id, Application.organisation_id == organisation.id
        )
    )


def participation_problem_of(session: Session, rollout: Rollout, province: Province) -> str | None:
    """Why organisations of `province` cannot apply for `rollout` (Dutch), or None. A province
    without a participation row takes no part, as on the plan's pages."""
    participation = session.scalar(
        select(Participation).where(
            Participation.rollout_id == rollout.id, Participation.province_id == province.id
        )
    )
    return participation_problem(
        participation is not None and participation.takes_part,
        province.name,
        rollout.name,
        participation.note if participation else "",
    )


def latest_extension(
    session: Session, rollout_id: int, organisation_id: int
) -> DeadlineExtension | None:
    return session.scalar(
        select(DeadlineExtension)
        .where(
            DeadlineExtension.rollout_id == rollout_id,
            DeadlineExtension.organisation_id == organisation_id,
        )
        .order_by(DeadlineExtension.granted_at.desc(), DeadlineExtension.id.desc())
        .limit(1)
    )


def deadline_of(session: Session, app: Application) -> datetime:
    extension = latest_extension(session, app.rollout_id, app.organisation_id)
    return submission_deadline(
        app.rollout.application_deadline, extension.until if extension else None
    )


def display_status(app: Application, deadline: datetime, now: datetime) -> str:
    """draft, late (a draft past its deadline), submitted or withdrawn."""
    if app.status is ApplicationStatus.DRAFT and now > deadline:
        return "late"
    return app.status.value


STATUS_LABELS = {
    "draft": "Concept",
    "late": "Te laat (niet ingediend)",
    "submitted": "Ingediend",
    "withdrawn": "Ingetrokken",
}


# --- history ----------------------------------------------------------------------------------


def snapshot(app: Application) -> dict:
    """Every answer as plain JSON, to keep per version and to compare versions."""
    return {
        "organisatie": {
            "organisation_address": app.organisation_address,
            "contact_name": app.contact_name,
            "contact_role": app.contact_role,
            "contact_email": app.contact_email,
            "contact_phone": app.contact_phone,
        },
        "visie": {"vision_pp": app.vision_pp, "vision_cooperation": app.vision_cooperation},
        "vereisten": {
            a.requirement.slug: {
                "verdict": a.verdict.value if a.verdict else None,
                "explanation": a.explanation,
                "questions": list(a.question_answers or []),
            }
            for a in sorted(app.answers, key=lambda a: a.requirement.sort_order)
        },
        "bezetting": {
            line.role.value: {
                "person_name": line.person_name,
                "to_recruit": line.to_recruit,
                "hours_start": line.hours_start,
                "hours_trajectories": line.hours_trajectories,
            }
            for line in sorted(app.staffing, key=lambda s: s.role.value)
        },
        "bijlagen": sorted(a.original_name for a in app.attachments),
        "status": app.status.value,
    }


def _flatten(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else key)
    else:
        yield prefix, data


def shown_value(key: str, value):
    """A value of a version as the versions page shows it: the status and the verdicts in
    Dutch, yes/no for a checkbox, anything else as it was typed."""
    if key == "status":
        return STATUS_LABELS.get(value, value)
    if key.endswith(".verdict") and value in set(Verdict):
        return VERDICT_LABELS[Verdict(value)]
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value


@dataclass(frozen=True)
class VersionDiff:
    version: ApplicationVersion
    changes: list[tuple[str, object, object]]


def version_diffs(versions: list[ApplicationVersion]) -> list[VersionDiff]:
    """Each version with what changed since the one before (as shown, see `shown_value`),
    newest first."""
    result = []
    previous: dict = {}
    for version in sorted(versions, key=lambda v: v.number):
        current = dict(_flatten(version.snapshot))
        changes = [
            (
                "Status" if key == "status" else key,
                shown_value(key, previous.get(key)),
                shown_value(key, value),
            )
            for key, value in current.items()
            if previous.get(key) != value
        ]
        result.append(VersionDiff(version, changes if previous or changes else []))
        previous = current
    return list(reversed(result))


# --- the staffing plan ------------------------------------------------------------------------


def staffing_check(session: Session, app: Application) -> StaffingPlanCheck:
    lines = [(s.role, s.hours_start, s.hours_trajectories) for s in app.staffing]
    return staffing_check_of(session, app.rollout, lines, app.organisation.province)


def staffing_check_of(
    session: Session, rollout: Rollout, lines, province=None
) -> StaffingPlanCheck:
    """The 8u/19u check of (role, hours at the start, hours from the trajectories) lines,
    saved or only typed: the same rule function either way."""
    rules = rules_for(session, rollout, province)
    cooperation, trajectories = rule_moments(rules) or (rollout.start_date, rollout.start_date)
    hours_start = {role: 0.0 for role in StaffingRole}
    hours_trajectories = {role: 0.0 for role in StaffingRole}
    for role, at_start, at_trajectories in lines:
        hours_start[role] += at_start or 0
        hours_trajectories[role] += at_trajectories or 0
    return check_staffing_plan(hours_start, hours_trajectories, rules, cooperation, trajectories)
