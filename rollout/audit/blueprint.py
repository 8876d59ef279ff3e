"""The URL rules of the audit log. There is no rule that changes or deletes an entry."""

from flask import Blueprint

from rollout.audit import views

bp = Blueprint("audit", __name__)

bp.add_url_rule("/audit", "index", views.index)
bp.add_url_rule("/audit/export.csv", "export", views.export)
