"""The lead's audit log: every change and security event, filtered, a page at a time, and its
export (itself an audited event)."""

import csv
import io

from flask import abort, render_template, request
from flask_login import login_required
from sqlalchemy import select

from rollout import auditing
from rollout.audit import queries
from rollout.audit.forms import FilterForm
from rollout.auth.models import User
from rollout.extensions import db
from rollout.formatting import datetime_nl
from rollout.plan.models import Province
from rollout.policy import Action
from rollout.web import parse_id, require


def _form(users: list[User], provinces: list[Province]) -> FilterForm:
    form = FilterForm(formdata=request.args)
    form.wie.choices = [(0, "Iedereen")] + [(u.id, u.email) for u in users]
    form.actie.choices = [("", "Alle acties"), *queries.ACTION_LABELS.items()]
    form.soort.choices = [("", "Alle soorten")] + [
        (name, queries.object_label(name)) for name in queries.object_types()
    ]
    form.provincie.choices = [(0, "Alle provincies")] + [(p.id, p.name) for p in provinces]
    return form


def _filters(form: FilterForm) -> queries.Filters | None:
    """The filters asked for; None when one of them is not valid (its message at its field)."""
    if request.args and not form.validate():
        return None
    return queries.Filters(
        user_id=form.wie.data or None,
        action=form.actie.data or "",
        object_type=form.soort.data or "",
        province_id=form.provincie.data or None,
        start=form.van.data,
        end=form.tot.data,
    )


def _lookups() -> tuple[list[User], list[Province]]:
    users = db.session.scalars(select(User).order_by(User.email)).all()
    provinces = db.session.scalars(select(Province).order_by(Province.sort_order)).all()
    return list(users), list(provinces)


@login_required
def index():
    require(Action.VIEW_AUDIT)
    users, provinces = _lookups()
    form = _form(users, provinces)
    filters = _filters(form)
    page = None
    if filters is not None:
        page = queries.entries_page(db.session, filters, parse_id(request.args.get("pagina")) or 1)
    args = {k: v for k, v in request.args.items() if k != "pagina"}
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        args=args,
        users={u.id: u for u in users},
        provinces={p.id: p for p in provinces},
        action_labels=queries.ACTION_LABELS,
        object_label=queries.object_label,
    )


EXPORT_HEADER = [
    "Tijdstip (Belgische tijd)",
    "Gebruiker",
    "Actie",
    "Soort gegeven",
    "Id",
    "Ronde (id)",
    "Provincie",
    "Wijzigingen",
    "Toelichting",
    "Adres",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    """Text a spreadsheet would run as a formula is written as text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _changes_text(changes: dict) -> str:
    return "; ".join(f"{column}: {old} → {new}" for column, (old, new) in (changes or {}).items())


@login_required
def export():
    require(Action.VIEW_AUDIT)
    users, provinces = _lookups()
    filters = _filters(_form(users, provinces))
    if filters is None:
        abort(400, description="Deze filters zijn ongeldig: pas ze aan op de pagina Auditlog.")
    entries = queries.all_entries(db.session, filters)
    emails = {u.id: u.email for u in users}
    names = {p.id: p.name for p in provinces}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    for entry in entries:
        writer.writerow(
            [
                _safe(value)
                for value in (
                    datetime_nl(entry.at),
                    emails.get(entry.user_id, entry.user_id or ""),
                    queries.ACTION_LABELS.get(entry.action, entry.action),
                    queries.object_label(entry.object_type),
                    entry.object_id,
                    entry.rollout_id,
                    names.get(entry.province_id, ""),
                    _changes_text(entry.changes),
                    entry.detail,
                    entry.address,
                )
            ]
        )
    auditing.event("export", detail=f"auditlog (CSV, {len(entries)} rijen)")
    return (
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        200,
        {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="auditlog.csv"',
        },
    )
