"""The URL rules of the applications: the organisation's form, the lists and the lead's steps."""

from flask import Blueprint

from rollout.applications import admin, views

bp = Blueprint("applications", __name__)

# the organisation's aanmeldingsfiche
bp.add_url_rule("/aanmeldingsfiche", "mine", views.mine, methods=["GET", "POST"])
bp.add_url_rule("/aanmeldingen/<int:application_id>", "show", views.show)
bp.add_url_rule(
    f"/aanmeldingen/<int:application_id>/<{views.FORM_SECTIONS}:section>",
    "section",
    views.section,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/bezetting/controle",
    "staffing_live_check",
    views.staffing_live_check,
    methods=["POST"],
)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/bijlagen",
    "attachments",
    views.attachments,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/bijlagen/<int:attachment_id>", "download", views.download
)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/bijlagen/<int:attachment_id>/verwijderen",
    "remove_attachment",
    views.remove_attachment,
    methods=["POST"],
)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/indienen", "review", views.review, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/bevestiging", "confirmation", views.confirmation
)
bp.add_url_rule("/aanmeldingen/<int:application_id>/afdruk", "printable", views.printable)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/intrekken", "withdraw", views.withdraw, methods=["POST"]
)
# leads (all applications) and services (their province's): the list, exports, the lead's steps
bp.add_url_rule("/aanmeldingen", "index", admin.index)
bp.add_url_rule("/aanmeldingen/export.csv", "export_csv", admin.export_csv)
bp.add_url_rule("/aanmeldingen/export.xlsx", "export_xlsx", admin.export_xlsx)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/heropenen", "reopen", admin.reopen, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/uitstel",
    "extension",
    admin.extension,
    methods=["GET", "POST"],
)
bp.add_url_rule("/aanmeldingen/<int:application_id>/versies", "versions", admin.versions)
