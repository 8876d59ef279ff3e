"""Recording progress: an activity done (with its actual dates and a note), or its planned dates
moved (with a reason). Every change keeps its history. Services flush; the caller commits."""

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.changes import Act, Conflict, Refused
from rollout.formatting import date_nl
from rollout.plan.models import Activity, ActivityProgress, ProgressChange, Province, Scope


class ProgressError(Refused):
    """A refused change; `field` names the form field the Dutch message belongs to."""


class ConflictError(ProgressError, Conflict):
    """Someone else saved this progress since the form was opened."""


CONFLICT = (
    "Iemand anders heeft deze voortgang intussen gewijzigd. Bekijk de huidige gegevens en de "
    "historiek hieronder; uw invoer staat nog in het formulier."
)


@dataclass(frozen=True)
class Done:
    actual_start: date | None
    actual_end: date | None
    note: str


@dataclass(frozen=True)
class Move:
    planned_start: date
    planned_end: date
    reason: str


def progress_key(activity: Activity, province: Province | None) -> int | None:
    """Programme-wide activities are recorded once, without a province."""
    if activity.scope is Scope.PROGRAMME:
        return None
    if province is None:
        raise ProgressError("Kies de provincie waarvoor u de voortgang registreert.")
    return province.id


def find_progress(
    session: Session, activity: Activity, province: Province | None
) -> ActivityProgress | None:
    key = progress_key(activity, province)
    return session.scalar(
        select(ActivityProgress).where(
            ActivityProgress.activity_id == activity.id,
            ActivityProgress.province_id.is_(None)
            if key is None
            else ActivityProgress.province_id == key,
        )
    )


def _progress_for_update(
    session: Session, activity: Activity, province: Province | None, expected_version: int
) -> ActivityProgress:
    """The progress row to change, after checking the form saw its latest version
    (0 = the form was opened before anything was recorded)."""
    progress = find_progress(session, activity, province)
    current = progress.version if progress else 0
    if current != expected_version:
        raise ConflictError(CONFLICT)
    if progress is None:
        progress = ActivityProgress(activity=activity, province_id=progress_key(activity, province))
        session.add(progress)
    return progress


def _text(value) -> str:
    return "" if value is None else str(value)


def _apply(progress: ActivityProgress, values: dict, act: Act, reason: str):
    changed = False
    for field, new in values.items():
        old = getattr(progress, field)
        if old != new:
            progress.changes.append(
                ProgressChange(
                    field=field,
                    old_value=_text(old),
                    new_value=_text(new),
                    reason=reason,
                    changed_by_id=act.user_id,
                    changed_at=act.now,
                )
            )
            setattr(progress, field, new)
            changed = True
    if changed:
        progress.updated_by_id = act.user_id
    return changed


def _not_before_the_round(activity: Activity, day: date | None, field: str) -> None:
    """Nothing of a round happens before its first day. (Later than its last planned day is
    allowed: a step done or moved late is a fact worth recording.)"""
    first_day = activity.phase.rollout.start_date
    if day is not None and day < first_day:
        raise ProgressError(
            f"Deze datum ligt vóór het begin van de ronde ({date_nl(first_day)}).", field
        )


def record_done(
    session: Session,
    activity: Activity,
    province: Province | None,
    done: Done,
    *,
    act: Act,
    expected_version: int,
    reason: str | None = None,
) -> bool:
    """Record the actual dates of an activity (an empty end: not done). Returns whether
    anything changed. The history keeps `reason` (default: the note) with each change."""
    if done.actual_end and done.actual_end > act.today:
        raise ProgressError("Een activiteit kan niet in de toekomst afgerond zijn.", "actual_end")
    if done.actual_start and done.actual_start > act.today:
        raise ProgressError("Deze datum ligt in de toekomst.", "actual_start")
    if done.actual_start and done.actual_end and done.actual_end < done.actual_start:
        raise ProgressError("De einddatum ligt voor de begindatum.", "actual_end")
    _not_before_the_round(activity, done.actual_start, "actual_start")
    _not_before_the_round(activity, done.actual_end, "actual_end")
    progress = _progress_for_update(session, activity, province, expected_version)
    actual_start = done.actual_start
    if activity.is_milestone:
        actual_start = done.actual_end  # a milestone has one date
    values = {
        "actual_start": actual_start,
        "actual_end": done.actual_end,
        "note": done.note.strip(),
    }
    changed = _apply(progress, values, act, done.note.strip() if reason is None else reason)
    session.flush()
    return changed


def move_planned(
    session: Session,
    activity: Activity,
    province: Province | None,
    move: Move,
    *,
    act: Act,
    expected_version: int,
) -> bool:
    """Move the planned dates of an activity for one province (or programme-wide), with a
    reason. Moving them back to the plan's own dates clears the override."""
    if not move.reason.strip():
        raise ProgressError("Geef een reden voor het verschuiven van de planning.", "reason")
    if move.planned_end < move.planned_start:
        raise ProgressError("De geplande einddatum ligt voor de begindatum.", "planned_end")
    _not_before_the_round(activity, move.planned_start, "planned_start")
    if activity.is_milestone and move.planned_start != move.planned_end:
        raise ProgressError(
            "Een mijlpaal heeft één datum: begin en einde zijn gelijk.", "planned_end"
        )
    progress = _progress_for_update(session, activity, province, expected_version)
    same_as_plan = (move.planned_start, move.planned_end) == (
        activity.planned_start,
        activity.planned_end,
    )
    values = {
        "planned_start": None if same_as_plan else move.planned_start,
        "planned_end": None if same_as_plan else move.planned_end,
    }
    changed = _apply(progress, values, act, move.reason.strip())
    session.flush()
    return changed


def effective_window(activity: Activity, progress) -> tuple[date, date]:
    """The planned window in force: moved dates where a lead moved them, else the plan's."""
    if progress is not None and progress.planned_start and progress.planned_end:
        return progress.planned_start, progress.planned_end
    return activity.planned_start, activity.planned_end


def date_milestone(
    session: Session, rollout, province: Province | None, slug: str, day: date | None, act: Act
) -> None:
    """Record the plan's activity `slug` as done on `day` for the province, as the steps of the
    programme happen (a decision taken, a team composed), earlier or later than before; with
    `day` None it is no longer done. Nothing when it already says so."""
    activity = session.scalar(
        select(Activity).where(Activity.rollout_id == rollout.id, Activity.slug == slug)
    )
    if activity is None:
        return
    progress = find_progress(session, activity, province)
    current = progress.actual_end if progress else None
    if current == day or (progress is None and day is None):
        return
    start = progress.actual_start if progress else None
    if activity.is_milestone or (start is not None and day is not None and start > day):
        start = None
    record_done(
        session,
        activity,
        province,
        Done(
            actual_start=start,
            actual_end=day,
            note=progress.note if progress else "Gedateerd door de stap zelf.",
        ),
        # the step that dates it has judged its day already: that day is never "ahead"
        act=replace(act, today=max(day, act.now.date()) if day else act.now.date()),
        expected_version=progress.version if progress else 0,
    )
