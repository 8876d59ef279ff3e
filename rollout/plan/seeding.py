"""Reading the plan from its YAML seed file and loading it into the database.

Everything is keyed on stable slugs, so loading the same file twice changes no row, and a changed
file updates names and planned dates without touching recorded progress (ActivityProgress).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.plan.models import (
    Activity,
    ActivityKind,
    Participation,
    Phase,
    Province,
    Requirement,
    RequirementKind,
    Rollout,
    Scope,
    StaffingRole,
    StaffingRule,
)
from rollout.timeutil import month_shift, shift_date

ROLLOUT_START = "rollout_start"


class SeedError(ValueError):
    """The seed file is not a valid plan; the message says where."""


@dataclass(frozen=True)
class ActivitySpec:
    slug: str
    name: str
    kind: ActivityKind
    scope: Scope
    responsible: str
    start: date
    end: date
    description: str = ""
    sort_order: int = 0


@dataclass(frozen=True)
class PhaseSpec:
    slug: str
    number: int
    name: str
    start: date
    end: date
    description: str = ""
    activities: tuple[ActivitySpec, ...] = ()


@dataclass(frozen=True)
class ProvinceSpec:
    slug: str
    name: str
    foster_care_service: str
    takes_part: bool
    note: str = ""
    sort_order: int = 0


@dataclass(frozen=True)
class RequirementSpec:
    slug: str
    kind: RequirementKind
    title: str
    explanation: str
    questions: tuple[str, ...] = ()
    sort_order: int = 0


@dataclass(frozen=True)
class StaffingRuleSpec:
    slug: str
    role: StaffingRole
    min_hours: float
    #: "rollout_start", a milestone's slug, or a date.
    applies_from: str | date
    explanation: str = ""


@dataclass(frozen=True)
class PlanSpec:
    slug: str
    name: str
    start: date
    duration_months: int
    application_deadline: date
    provinces: tuple[ProvinceSpec, ...]
    phases: tuple[PhaseSpec, ...]
    requirements: tuple[RequirementSpec, ...]
    staffing_rules: tuple[StaffingRuleSpec, ...]
    source: str = ""

    @property
    def activities(self) -> Iterable[ActivitySpec]:
        for phase in self.phases:
            yield from phase.activities


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


# --- reading -------------------------------------------------------------------------------


def _require(data: dict, key: str, where: str, kind: type | tuple[type, ...] = str) -> Any:
    if key not in data or data[key] is None:
        raise SeedError(f"{where}: '{key}' ontbreekt")
    value = data[key]
    if not isinstance(value, kind):
        raise SeedError(f"{where}: '{key}' heeft een ongeldige waarde {value!r}")
    return value


def _enum_value(enum_cls, value: Any, where: str):
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_cls)
        raise SeedError(f"{where}: {value!r} is geen geldige waarde ({allowed})") from None


def _window(data: dict, where: str) -> tuple[date, date]:
    start = _require(data, "start", where, date)
    end = _require(data, "end", where, date)
    if end < start:
        raise SeedError(f"{where}: einde {end} ligt voor begin {start}")
    return start, end


def _unique(slugs: list[str], where: str) -> None:
    seen: set[str] = set()
    for slug in slugs:
        if slug in seen:
            raise SeedError(f"{where}: slug '{slug}' komt twee keer voor")
        seen.add(slug)


def _read_activity(data: dict, where: str, order: int) -> ActivitySpec:
    slug = _require(data, "slug", where)
    where = f"{where} '{slug}'"
    start, end = _window(data, where)
    kind = _enum_value(ActivityKind, _require(data, "kind", where), where)
    if kind is ActivityKind.MILESTONE and start != end:
        raise SeedError(f"{where}: een mijlpaal heeft één datum (start = end)")
    return ActivitySpec(
        slug=slug,
        name=_require(data, "name", where),
        kind=kind,
        scope=_enum_value(Scope, _require(data, "scope", where), where),
        responsible=data.get("responsible", ""),
        start=start,
        end=end,
        description=data.get("description", ""),
        sort_order=order,
    )


def _read_phase(data: dict, order: int) -> PhaseSpec:
    slug = _require(data, "slug", f"fase {order + 1}")
    where = f"fase '{slug}'"
    start, end = _window(data, where)
    activities = tuple(
        _read_activity(item, f"{where}, activiteit", index)
        for index, item in enumerate(data.get("activities") or [])
    )
    return PhaseSpec(
        slug=slug,
        number=_require(data, "number", where, int),
        name=_require(data, "name", where),
        start=start,
        end=end,
        description=data.get("description", ""),
        activities=activities,
    )


def parse_plan(data: dict, source: str = "") -> PlanSpec:
    """Turn the YAML document into a validated PlanSpec."""
    if not isinstance(data, dict):
        raise SeedError("het bestand bevat geen plan")
    rollout = _require(data, "rollout", "plan", dict)
    provinces = tuple(
        ProvinceSpec(
            slug=_require(item, "slug", "provincie"),
            name=_require(item, "name", f"provincie {item.get('slug')}"),
            foster_care_service=_require(
                item, "foster_care_service", f"provincie {item.get('slug')}"
            ),
            takes_part=bool(item.get("takes_part", True)),
            note=item.get("note", ""),
            sort_order=index,
        )
        for index, item in enumerate(_require(data, "provinces", "plan", list))
    )
    phases = tuple(
        _read_phase(item, index)
        for index, item in enumerate(_require(data, "phases", "plan", list))
    )
    requirements = tuple(
        RequirementSpec(
            slug=_require(item, "slug", "minimumvereiste"),
            kind=_enum_value(RequirementKind, item.get("kind"), f"vereiste {item.get('slug')}"),
            title=_require(item, "title", f"vereiste {item.get('slug')}"),
            explanation=item.get("explanation", ""),
            questions=tuple(item.get("questions") or ()),
            sort_order=index,
        )
        for index, item in enumerate(data.get("requirements") or [])
    )
    spec = PlanSpec(
        slug=str(_require(rollout, "slug", "rollout")),
        name=_require(rollout, "name", "rollout"),
        start=_require(rollout, "start", "rollout", date),
        duration_months=_require(rollout, "duration_months", "rollout", int),
        application_deadline=_require(rollout, "application_deadline", "rollout", date),
        provinces=provinces,
        phases=phases,
        requirements=requirements,
        staffing_rules=tuple(_read_rule(item) for item in data.get("staffing_rules") or []),
        source=source,
    )
    _check_references(spec)
    return spec


def _read_rule(data: dict) -> StaffingRuleSpec:
    slug = _require(data, "slug", "personeelsregel")
    where = f"personeelsregel '{slug}'"
    hours = _require(data, "min_hours", where, (int, float))
    if not 0 < hours <= 40:
        raise SeedError(f"{where}: min_hours moet tussen 0 en 40 liggen")
    return StaffingRuleSpec(
        slug=slug,
        role=_enum_value(StaffingRole, data.get("role"), where),
        min_hours=float(hours),
        applies_from=_require(data, "applies_from", where, (str, date)),
        explanation=data.get("explanation", ""),
    )


def _check_references(spec: PlanSpec) -> None:
    _unique([p.slug for p in spec.provinces], "provincies")
    _unique([p.slug for p in spec.phases], "fasen")
    _unique([a.slug for a in spec.activities], "activiteiten")
    _unique([r.slug for r in spec.requirements], "minimumvereisten")
    _unique([r.slug for r in spec.staffing_rules], "personeelsregels")
    milestones = {a.slug for a in spec.activities if a.kind is ActivityKind.MILESTONE}
    for rule in spec.staffing_rules:
        named = isinstance(rule.applies_from, str) and rule.applies_from != ROLLOUT_START
        if named and rule.applies_from not in milestones:
            raise SeedError(
                f"personeelsregel '{rule.slug}': applies_from '{rule.applies_from}' is "
                "geen mijlpaal van het plan (of gebruik rollout_start of een datum)"
            )


def read_plan(path: Path | str) -> PlanSpec:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SeedError(f"{path}: kan het plan niet lezen: {error}") from error
    return parse_plan(data, source=path.name)


def shift_plan(spec: PlanSpec, start: date, name: str, slug: str) -> PlanSpec:
    """The same plan as a new round beginning on `start`: every date moves by the same offset."""
    months, days = month_shift(spec.start, start)

    def move(day: date) -> date:
        return shift_date(day, months, days)

    phases = tuple(
        replace(
            phase,
            start=move(phase.start),
            end=move(phase.end),
            activities=tuple(
                replace(a, start=move(a.start), end=move(a.end)) for a in phase.activities
            ),
        )
        for phase in spec.phases
    )
    rules = tuple(
        replace(r, applies_from=move(r.applies_from)) if isinstance(r.applies_from, date) else r
        for r in spec.staffing_rules
    )
    shift = f"{months:+d} maanden" + (f" {days:+d} dagen" if days else "")
    return replace(
        spec,
        slug=slug,
        name=name,
        start=start,
        application_deadline=move(spec.application_deadline),
        phases=phases,
        staffing_rules=rules,
        source=f"{spec.source}, verschoven {shift}",
    )


# --- loading -------------------------------------------------------------------------------


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


def apply_plan(session: Session, spec: PlanSpec) -> tuple[Rollout, SeedReport]:
    """Create or update the rollout of `spec` and everything in it. Flushes, does not commit."""
    report = SeedReport()
    provinces = {p.slug: p for p in session.scalars(select(Province))}
    for p in spec.provinces:
        _upsert(
            session,
            provinces,
            p.slug,
            Province,
            {
                "slug": p.slug,
                "name": p.name,
                "foster_care_service": p.foster_care_service,
                "sort_order": p.sort_order,
            },
            report,
        )

    rollouts = {
        r.slug: r for r in session.scalars(select(Rollout).where(Rollout.slug == spec.slug))
    }
    rollout = _upsert(
        session,
        rollouts,
        spec.slug,
        Rollout,
        {
            "slug": spec.slug,
            "name": spec.name,
            "start_date": spec.start,
            "duration_months": spec.duration_months,
            "application_deadline": spec.application_deadline,
            "source": spec.source,
        },
        report,
    )
    session.flush()

    participations = {
        p.province_id: p
        for p in session.scalars(
            select(Participation).where(Participation.rollout_id == rollout.id)
        )
    }
    for p in spec.provinces:
        province = provinces[p.slug]
        _upsert(
            session,
            participations,
            province.id,
            Participation,
            {
                "rollout_id": rollout.id,
                "province_id": province.id,
                "takes_part": p.takes_part,
                "note": p.note,
            },
            report,
        )

    activities = _load_phases(session, rollout, spec, report)
    _load_requirements(session, rollout, spec, report)
    _load_rules(session, rollout, spec, activities, report)
    session.flush()
    return rollout, report


def _load_phases(
    session: Session, rollout: Rollout, spec: PlanSpec, report: SeedReport
) -> dict[str, Activity]:
    phases = {
        p.slug: p for p in session.scalars(select(Phase).where(Phase.rollout_id == rollout.id))
    }
    activities = {
        a.slug: a
        for a in session.scalars(select(Activity).where(Activity.rollout_id == rollout.id))
    }
    file_slugs: set[str] = set()
    for p in spec.phases:
        phase = _upsert(
            session,
            phases,
            p.slug,
            Phase,
            {
                "rollout_id": rollout.id,
                "slug": p.slug,
                "number": p.number,
                "name": p.name,
                "description": p.description,
                "planned_start": p.start,
                "planned_end": p.end,
            },
            report,
        )
        session.flush()
        for a in p.activities:
            file_slugs.add(a.slug)
            _upsert(
                session,
                activities,
                a.slug,
                Activity,
                {
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
                },
                report,
            )
    report.not_in_file += sorted(set(activities) - file_slugs)
    session.flush()
    return activities


def _load_requirements(session: Session, rollout: Rollout, spec: PlanSpec, report) -> None:
    existing = {
        r.slug: r
        for r in session.scalars(select(Requirement).where(Requirement.rollout_id == rollout.id))
    }
    for r in spec.requirements:
        _upsert(
            session,
            existing,
            r.slug,
            Requirement,
            {
                "rollout_id": rollout.id,
                "slug": r.slug,
                "kind": r.kind,
                "title": r.title,
                "explanation": r.explanation,
                "questions": "\n".join(r.questions),
                "sort_order": r.sort_order,
            },
            report,
        )


def _load_rules(
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
        from_activity = None
        from_date = None
        if isinstance(r.applies_from, date):
            from_date = r.applies_from
        elif r.applies_from == ROLLOUT_START:
            from_date = spec.start
        else:
            from_activity = activities[r.applies_from].id
        _upsert(
            session,
            existing,
            r.slug,
            StaffingRule,
            {
                "rollout_id": rollout.id,
                "slug": r.slug,
                "role": r.role,
                "min_hours": r.min_hours,
                "applies_from_activity_id": from_activity,
                "applies_from_date": from_date,
                "explanation": r.explanation,
            },
            report,
        )
