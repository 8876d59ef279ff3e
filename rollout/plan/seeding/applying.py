"""Writing a plan (its specs) to the database, step by step.

Everything is keyed on stable slugs, so applying the same plan twice changes no row, and a changed
plan updates names and planned dates without touching recorded progress (ActivityProgress).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.plan.models import (
    Activity,
    Participation,
    Phase,
    Province,
    Requirement,
    Rollout,
    StaffingRule,
)
from rollout.plan.seeding.specs import ROLLOUT_START, ActivitySpec, PlanSpec


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: Slugs in the database that the file no longer has; left alone, since they may hold progress.
    not_in_file: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def apply_plan(session: Session, spec: PlanSpec) -> tuple[Rollout, SeedReport]:
    """Create or update the rollout of `spec` and everything in it. Flushes, does not commit."""
    report = SeedReport()
    provinces = _apply_provinces(session, spec, report)
    rollout = _apply_rollout(session, spec, report)
    session.flush()
    _apply_participations(session, rollout, spec, provinces, report)
    activities = _apply_phases(session, rollout, spec, report)
    _apply_requirements(session, rollout, spec, report)
    _apply_rules(session, rollout, spec, activities, report)
    session.flush()
    return rollout, report


# --- writing one row --------------------------------------------------------------------------


def _sync(obj: Any, values: dict[str, Any], report: SeedReport) -> None:
    """Set only the attributes that differ, so that an unchanged row is not written."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    if changed:
        report.updated += 1
    else:
        report.unchanged += 1


def _upsert(session: Session, existing: dict, key: str, model, values: dict, report: SeedReport):
    obj = existing.get(key)
    if obj is None:
        obj = model(**values)
        session.add(obj)
        existing[key] = obj
        report.created += 1
    else:
        _sync(obj, values, report)
    return obj


# --- the steps --------------------------------------------------------------------------------


def _apply_provinces(session: Session, spec: PlanSpec, report: SeedReport) -> dict[str, Province]:
    provinces = {p.slug: p for p in session.scalars(select(Province))}
    for p in spec.provinces:
        values = {
            "slug": p.slug,
            "name": p.name,
            "foster_care_service": p.foster_care_service,
            "sort_order": p.sort_order,
        }
        _upsert(session, provinces, p.slug, Province, values, report)
    return provinces


def _apply_rollout(session: Session, spec: PlanSpec, report: SeedReport) -> Rollout:
    rollouts = {
        r.slug: r for r in session.scalars(select(Rollout).where(Rollout.slug == spec.slug))
    }
    values = {
        "slug": spec.slug,
        "name": spec.name,
        "start_date": spec.start,
        "duration_months": spec.duration_months,
        "application_deadline": spec.application_deadline,
        "source": spec.source,
    }
    return _upsert(session, rollouts, spec.slug, Rollout, values, report)


def _apply_participations(
    session: Session,
    rollout: Rollout,
    spec: PlanSpec,
    provinces: dict[str, Province],
    report: SeedReport,
) -> None:
    participations = {
        p.province_id: p
        for p in session.scalars(
            select(Participation).where(Participation.rollout_id == rollout.id)
        )
    }
    for p in spec.provinces:
        province = provinces[p.slug]
        values = {
            "rollout_id": rollout.id,
            "province_id": province.id,
            "takes_part": p.takes_part,
            "note": p.note,
        }
        _upsert(session, participations, province.id, Participation, values, report)


def _apply_phases(
    session: Session, rollout: Rollout, spec: PlanSpec, report: SeedReport
) -> dict[str, Activity]:
    """The phases and their activities; returns every activity of the rollout by slug."""
    phases = {
        p.slug: p for p in session.scalars(select(Phase).where(Phase.rollout_id == rollout.id))
    }
    activities = {
        a.slug: a
        for a in session.scalars(select(Activity).where(Activity.rollout_id == rollout.id))
    }
    for p in spec.phases:
        values = {
            "rollout_id": rollout.id,
            "slug": p.slug,
            "number": p.number,
            "name": p.name,
            "description": p.description,
            "planned_start": p.start,
            "planned_end": p.end,
        }
        phase = _upsert(session, phases, p.slug, Phase, values, report)
        session.flush()
        for a in p.activities:
            _apply_activity(session, activities, rollout, phase, a, report)
    file_slugs = {a.slug for a in spec.activities}
    report.not_in_file += sorted(set(activities) - file_slugs)
    session.flush()
    return activities


def _apply_activity(
    session: Session,
    activities: dict[str, Activity],
    rollout: Rollout,
    phase: Phase,
    a: ActivitySpec,
    report: SeedReport,
) -> None:
    values = {
        "rollout_id": rollout.id,
        "phase_id": phase.id,
        "slug": a.slug,
        "name": a.name,
        "description": a.description,
        "kind": a.kind,
        "scope": a.scope,
        "responsible": a.responsible,
        "planned_start": a.start,
        "planned_end": a.end,
        "sort_order": a.sort_order,
    }
    _upsert(session, activities, a.slug, Activity, values, report)


def _apply_requirements(
    session: Session, rollout: Rollout, spec: PlanSpec, report: SeedReport
) -> None:
    existing = {
        r.slug: r
        for r in session.scalars(select(Requirement).where(Requirement.rollout_id == rollout.id))
    }
    for r in spec.requirements:
        values = {
            "rollout_id": rollout.id,
            "slug": r.slug,
            "kind": r.kind,
            "title": r.title,
            "explanation": r.explanation,
            "questions": "\n".join(r.questions),
            "sort_order": r.sort_order,
        }
        _upsert(session, existing, r.slug, Requirement, values, report)


def _rule_start(applies_from: str | date, spec: PlanSpec, activities: dict[str, Activity]):
    """A rule's start as the columns hold it: (from_activity_id, from_date), one of them None."""
    if isinstance(applies_from, date):
        return None, applies_from
    if applies_from == ROLLOUT_START:
        return None, spec.start
    return activities[applies_from].id, None


def _apply_rules(
    session: Session,
    rollout: Rollout,
    spec: PlanSpec,
    activities: dict[str, Activity],
    report: SeedReport,
) -> None:
    existing = {
        r.slug: r
        for r in session.scalars(select(StaffingRule).where(StaffingRule.rollout_id == rollout.id))
    }
    for r in spec.staffing_rules:
        from_activity, from_date = _rule_start(r.applies_from, spec, activities)
        values = {
            "rollout_id": rollout.id,
            "slug": r.slug,
            "role": r.role,
            "min_hours": r.min_hours,
            "applies_from_activity_id": from_activity,
            "applies_from_date": from_date,
            "explanation": r.explanation,
        }
        _upsert(session, existing, r.slug, StaffingRule, values, report)
