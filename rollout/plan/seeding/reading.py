"""Reading the plan from its YAML seed file: plain values (specs), checked as they are read, so
that a wrong file is refused with where it is wrong before anything is written."""

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from rollout.plan.models import ActivityKind, RequirementKind, Scope, StaffingRole
from rollout.plan.seeding.specs import (
    ROLLOUT_START,
    ActivitySpec,
    PhaseSpec,
    PlanSpec,
    ProvinceSpec,
    RequirementSpec,
    SeedError,
    StaffingRuleSpec,
)


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


def _read_province(data: dict, order: int) -> ProvinceSpec:
    return ProvinceSpec(
        slug=_require(data, "slug", "provincie"),
        name=_require(data, "name", f"provincie {data.get('slug')}"),
        foster_care_service=_require(data, "foster_care_service", f"provincie {data.get('slug')}"),
        takes_part=bool(data.get("takes_part", True)),
        note=data.get("note", ""),
        sort_order=order,
    )


def _read_requirement(data: dict, order: int) -> RequirementSpec:
    return RequirementSpec(
        slug=_require(data, "slug", "minimumvereiste"),
        kind=_enum_value(RequirementKind, data.get("kind"), f"vereiste {data.get('slug')}"),
        title=_require(data, "title", f"vereiste {data.get('slug')}"),
        explanation=data.get("explanation", ""),
        questions=tuple(data.get("questions") or ()),
        sort_order=order,
    )


def parse_plan(data: dict, source: str = "") -> PlanSpec:
    """Turn the YAML document into a validated PlanSpec."""
    if not isinstance(data, dict):
        raise SeedError("het bestand bevat geen plan")
    rollout = _require(data, "rollout", "plan", dict)
    provinces = tuple(
        _read_province(item, index)
        for index, item in enumerate(_require(data, "provinces", "plan", list))
    )
    phases = tuple(
        _read_phase(item, index)
        for index, item in enumerate(_require(data, "phases", "plan", list))
    )
    requirements = tuple(
        _read_requirement(item, index) for index, item in enumerate(data.get("requirements") or [])
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
    """The plan in the YAML file at `path`, checked; SeedError says what is wrong and where."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SeedError(f"{path}: kan het plan niet lezen: {error}") from error
    return parse_plan(data, source=path.name)
