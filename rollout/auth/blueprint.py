"""The URL rules of signing in, users and invitations, and organisations."""

from flask import Blueprint

from rollout.auth import organisations, views

bp = Blueprint("auth", __name__)

bp.add_url_rule("/login", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])
bp.add_url_rule("/account", "account", views.account, methods=["GET", "POST"])
bp.add_url_rule(
    "/wachtwoord-vergeten", "forgot_password", views.forgot_password, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/wachtwoord-kiezen/<token>", "reset_password", views.reset_password, methods=["GET", "POST"]
)
bp.add_url_rule("/account/agendalink", "renew_calendar", views.renew_calendar, methods=["POST"])
bp.add_url_rule(
    "/uitnodiging/<token>", "accept_invitation", views.accept_invitation, methods=["GET", "POST"]
)
bp.add_url_rule("/gebruikers", "users", views.users, methods=["GET", "POST"])
bp.add_url_rule(
    "/gebruikers/<int:user_id>/uitnodigen", "reinvite", views.reinvite, methods=["POST"]
)
bp.add_url_rule(
    "/gebruikers/<int:user_id>/deactiveren", "deactivate", views.deactivate, methods=["POST"]
)
bp.add_url_rule(
    "/gebruikers/<int:user_id>/activeren", "reactivate", views.reactivate, methods=["POST"]
)
bp.add_url_rule("/registreren", "sign_up", organisations.sign_up, methods=["GET", "POST"])
bp.add_url_rule("/registreren/bevestigen/<token>", "verify_email", organisations.verify_email)
bp.add_url_rule("/organisaties", "organisations", organisations.organisations)
bp.add_url_rule(
    "/organisaties/<int:organisation_id>/goedkeuren",
    "approve",
    organisations.approve,
    methods=["POST"],
)
bp.add_url_rule(
    "/organisaties/<int:organisation_id>/wijzigen",
    "edit_organisation",
    organisations.edit_organisation,
    methods=["GET", "POST"],
)
