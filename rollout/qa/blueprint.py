"""The URL rules of the Q&A round."""

from flask import Blueprint

from rollout.qa import views

bp = Blueprint("qa", __name__)

bp.add_url_rule("/vragenronde", "index", views.index)
bp.add_url_rule("/vragenronde/nieuw", "new_session", views.new_session, methods=["GET", "POST"])
bp.add_url_rule(
    "/vragenronde/<int:session_id>/bewerken",
    "edit_session",
    views.edit_session,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/vragenronde/<int:session_id>/verwijderen",
    "delete_session",
    views.delete_session,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/vragenronde/<int:session_id>/inschrijven", "register", views.register, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/vragenronde/inschrijvingen/<int:registration_id>/annuleren",
    "cancel_registration",
    views.cancel_registration,
    methods=["POST"],
)
bp.add_url_rule("/vragenronde/<int:session_id>.ics", "session_ics", views.session_ics)
