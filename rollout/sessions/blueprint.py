"""The URL rules of the sessions."""

from flask import Blueprint

from rollout.sessions import models, views  # noqa: F401  (models: the tables exist from here)

bp = Blueprint("sessions", __name__)

POST = ["GET", "POST"]

bp.add_url_rule("/sessies", "index", views.index)
bp.add_url_rule("/sessies/nieuw", "new", views.new, methods=POST)
bp.add_url_rule("/sessies/reeks", "series", views.series, methods=POST)
bp.add_url_rule("/sessies/<int:meeting_id>", "meeting", views.meeting)
bp.add_url_rule("/sessies/<int:meeting_id>/wijzigen", "edit", views.edit, methods=POST)
bp.add_url_rule("/sessies/<int:meeting_id>/annuleren", "cancel", views.cancel, methods=POST)
bp.add_url_rule("/sessies/<int:meeting_id>/verslag", "minutes", views.minutes, methods=POST)
bp.add_url_rule("/sessies/<int:meeting_id>/bijlagen", "upload", views.upload, methods=["POST"])
bp.add_url_rule(
    "/sessies/<int:meeting_id>/bijlagen/<int:attachment_id>", "attachment", views.attachment
)
# --- attendance, invitations and figures ---
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
