"""The URL rules of the sessions."""

from flask import Blueprint

from rollout.sessions import models, views  # noqa: F401  (models: the tables exist from here)

bp = Blueprint("sessions", __name__)

# --- attendance and figures (helper `attend`) ---
bp.add_url_rule(
    "/sessies/<int:meeting_id>/aanwezigheid",
    "attendance",
    views.attendance,
    methods=["GET", "POST"],
)
bp.add_url_rule("/sessies/<int:meeting_id>/uitnodigen", "invite", views.invite, methods=["POST"])
bp.add_url_rule("/sessies/<int:meeting_id>/sessie.ics", "ics", views.ics)
bp.add_url_rule("/sessies/cadans", "cadence", views.cadence)
bp.add_url_rule("/sessies/vorming", "coverage", views.coverage)
