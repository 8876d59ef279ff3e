"""Changes to the plan's rounds: close one, open it again. Recording progress is in
progress.py. Services change; the request commits."""

from rollout.changes import Act
from rollout.plan.models import Rollout


def close_round(rollout: Rollout, act: Act) -> bool:
    """Close a round: organisations and services can no longer change anything in it.
    Returns whether it was open."""
    if rollout.closed_at is not None:
        return False
    rollout.closed_at, rollout.closed_by_id = act.now, act.user_id
    return True


def reopen_round(rollout: Rollout) -> bool:
    """Open a closed round again. Returns whether it was closed."""
    if rollout.closed_at is None:
        return False
    rollout.closed_at, rollout.closed_by_id = None, None
    return True
