"""Applications for leads (all of them) and foster-care services (their province's submitted
ones): the list with filters and counts, exports, and the lead's steps on one application."""

import csv
import functools
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask import (
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rollout import auditing
from rollout.applications import queries, services
from rollout.applications.forms import ExtensionForm, ReopenForm
from rollout.applications.loaders import load_application
from rollout.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationVersion,
    DeadlineExtension,
)
from rollout.applications.rules import submission_deadline
from rollout.auth.models import Organisation, Role
from rollout.extensions import db
from rollout.formatting import datetime_nl
from rollout.plan.models import Province
from rollout.policy import Action, can
from rollout.timeutil import BRUSSELS, utcnow
from rollout.web import (
    chosen_round,
    csrf_rerender,
    current_act,
    public_url,
    require,
    run_change,
    shared_page,
)


@dataclass(frozen=True)
class Row:
    application: Application
    status: str
    deadline: datetime


def _rows(rollout, province: Province | None) -> list[Row]:
    """Every application of the rollout (of one province), with its status as it stands now;
    three queries, whatever their number."""
    query = (
        select(Application)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(Application.rollout_id == rollout.id)
        .options(
            selectinload(Application.organisation).selectinload(Organisation.province),
            selectinload(Application.submitted_by),
        )
        .order_by(Organisation.name)
    )
    if province is not None:
        query = query.where(Organisation.province_id == province.id)
    applications = db.session.scalars(query).all()
    latest: dict[int, datetime] = {}
    for extension in db.session.scalars(
        select(DeadlineExtension)
        .where(DeadlineExtension.rollout_id == rollout.id)
        .order_by(DeadlineExtension.granted_at, DeadlineExtension.id)
    ):
        latest[extension.organisation_id] = extension.until
    now = utcnow()
    rows = []
    for application in applications:
        deadline = submission_deadline(
            rollout.application_deadline, latest.get(application.organisation_id)
        )
        rows.append(Row(application, queries.display_status(application, deadline, now), deadline))
    return rows


def _own_province() -> Province | None:
    """None for a lead, who sees every province; a service member's own province."""
    if can(current_user, Action.MANAGE_APPLICATIONS):
        return None
    province = db.session.get(Province, current_user.province_id)
    require(Action.LIST_APPLICATIONS, province)
    return province


def _filters() -> tuple[str, str]:
    """The province (slug) and status asked for; empty: all."""
    return request.args.get("provincie") or "", request.args.get("status") or ""


@dataclass(frozen=True)
class Listing:
    provinces: list[Province]
    #: every row this user may see, and those the filters keep
    rows: list[Row]
    shown: list[Row]
    counts: Counter


def _listing(rollout, own_province: Province | None, filters: tuple[str, str]) -> Listing:
    """The rows this user may see (a service: its province's submitted ones), after the
    filters, and the counts."""
    if own_province is None:
        provinces = db.session.scalars(select(Province).order_by(Province.sort_order)).all()
        rows = _rows(rollout, None)
    else:
        provinces = [own_province]
        rows = [r for r in _rows(rollout, own_province) if r.status == "submitted"]
    counts = Counter((r.application.organisation.province_id, r.status) for r in rows)
    province_filter, status_filter = filters
    shown = [
        r
        for r in rows
        if (not province_filter or r.application.organisation.province.slug == province_filter)
        and (not status_filter or r.status == status_filter)
    ]
    return Listing(list(provinces), rows, shown, counts)


#: A province filter longer than this is no slug: the page is made, not cached.
CACHED_FILTER_LENGTH = 80


@login_required
def index():
    if current_user.role is Role.ORGANISATION:
        return redirect(url_for("applications.mine"))
    view = chosen_round()
    own_province = _own_province()
    filters = _filters()
    make = functools.partial(_index_body, view.rollout, own_province, filters)
    if filters[1] in ("", *queries.STATUS_LABELS) and len(filters[0]) <= CACHED_FILTER_LENGTH:
        # the page is cached whole, per viewer kind (a service: its own province)
        return shared_page(f"applications:{filters[0]}:{filters[1]}", TEMPLATE, lambda: _page(make))
    body, _until = make()
    return render_template(TEMPLATE, body=body)


TEMPLATE = "applications/index.html"


def _page(make) -> dict:
    body, until = make()
    return {"body": body, "changes_at": until}


def _index_body(rollout, own_province: Province | None, filters: tuple[str, str]):
    """The list below the round bar, the same for every lead (every member of one province's
    service) with these filters, and the moment it changes without a change to the data (the
    next deadline a draft passes, turning late): made on a cache miss only."""
    listing = _listing(rollout, own_province, filters)
    now = utcnow()
    until = min(
        (
            r.deadline
            for r in listing.rows
            if r.application.status is ApplicationStatus.DRAFT and r.deadline >= now
        ),
        default=None,
    )
    body = get_template_attribute("applications/_index_body.html", "applications_body")
    return body(
        rollout,
        listing.provinces,
        listing.shown,
        len(listing.rows),
        listing.counts,
        queries.STATUS_LABELS,
        *filters,
        own_province is None,
    ), until


EXPORT_HEADER = [
    "Organisatie",
    "Provincie",
    "Status",
    "Ingediend op (Belgische tijd)",
    "Ingediend door",
    "Contactpersoon",
    "E-mail contactpersoon",
    "Deadline (Belgische tijd)",
    "Link",
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """Free text that a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


#: A moment in the spreadsheet: a real date cell that reads like the pages ("1 sep 2021 11:00").
SHEET_MOMENT = "d mmm yyyy hh:mm"


def _csv_text(value):
    """A moment as the pages write it, in Belgian time; other values as they are."""
    if isinstance(value, datetime):
        return datetime_nl(value)
    return "" if value is None else value


def _sheet_value(value):
    """A moment as a date cell in Belgian wall-clock time (Excel knows no time zones), to the
    minute: Excel would round a deadline's 23:59:59.999999 up to midnight of the next day."""
    if isinstance(value, datetime):
        return value.astimezone(BRUSSELS).replace(second=0, microsecond=0, tzinfo=None)
    return _safe(value)


def _export_rows(shown: list[Row]) -> list[list]:
    """The rows of both exports; moments stay datetimes (UTC) for each export to write."""
    return [
        [
            r.application.organisation.name,
            r.application.organisation.province.name,
            queries.STATUS_LABELS[r.status],
            r.application.submitted_at,
            r.application.submitted_by.email if r.application.submitted_by else "",
            r.application.contact_name,
            r.application.contact_email,
            r.deadline,
            public_url("applications.show", application_id=r.application.id),
        ]
        for r in shown
    ]


@login_required
def export_csv():
    require(Action.MANAGE_APPLICATIONS)
    rollout = chosen_round().rollout
    shown = _listing(rollout, None, _filters()).shown
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    writer.writerows([[_safe(_csv_text(value)) for value in row] for row in _export_rows(shown)])
    body = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    auditing.event("export", target=rollout, detail=f"aanmeldingen (CSV, {len(shown)} rijen)")
    return (
        body,
        200,
        {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="aanmeldingen-{rollout.slug}.csv"',
        },
    )


@login_required
def export_xlsx():
    require(Action.MANAGE_APPLICATIONS)
    rollout = chosen_round().rollout
    shown = _listing(rollout, None, _filters()).shown
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Aanmeldingen"
    sheet.append(EXPORT_HEADER)
    for values in _export_rows(shown):
        sheet.append([_sheet_value(value) for value in values])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # nothing a user typed is ever a formula
                cell.data_type = "s"
            if isinstance(cell.value, datetime):
                cell.number_format = SHEET_MOMENT
        link = sheet.cell(row=sheet.max_row, column=len(values))
        link.hyperlink = values[-1]
    for column, width in zip("ABCDEFGHI", (34, 24, 22, 20, 28, 24, 30, 20, 50), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    auditing.event("export", target=rollout, detail=f"aanmeldingen (XLSX, {len(shown)} rijen)")
    return (
        buffer.getvalue(),
        200,
        {
            "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Content-Disposition": f'attachment; filename="aanmeldingen-{rollout.slug}.xlsx"',
        },
    )


@login_required
@csrf_rerender
def reopen(application_id: int):
    application = load_application(application_id)
    require(Action.MANAGE_APPLICATIONS)
    form = ReopenForm()
    if request.method == "POST" and form.validate():
        until = _parse_local(form.until.data) if form.until.data else None
        if form.until.data and until is None:
            form.until.errors = [LOCAL_MOMENT]
        elif run_change(
            lambda: services.reopen(
                db.session, application, form.reason.data or "", current_act(), until=until
            ),
            form,
            at="reason",
        ):
            flash(
                "De aanmeldingsfiche is heropend; de organisatie kan ze weer aanpassen.", "success"
            )
            return redirect(url_for("applications.show", application_id=application.id))
    return render_template(
        "applications/reopen.html",
        application=application,
        form=form,
        deadline=queries.deadline_of(db.session, application),
        deadline_passed=utcnow() > queries.deadline_of(db.session, application),
    )


LOCAL_MOMENT = "Geef een datum en een uur (Belgische tijd)."


def _parse_local(value: str) -> datetime | None:
    """A date and time typed in Brussels time; one with its own offset is refused."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is not None:
        return None
    return moment.replace(tzinfo=BRUSSELS)


@login_required
@csrf_rerender
def extension(application_id: int):
    application = load_application(application_id)
    require(Action.MANAGE_APPLICATIONS)
    form = ExtensionForm()
    if request.method == "POST" and form.validate():
        until = _parse_local(form.until.data)
        if until is None:
            form.until.errors = [LOCAL_MOMENT]
        elif run_change(
            lambda: services.grant_extension(
                db.session,
                application.rollout,
                application.organisation,
                until,
                form.reason.data or "",
                current_act(),
            ),
            form,
            at="reason",
        ):
            flash("Uitstel verleend.", "success")
            return redirect(url_for("applications.show", application_id=application.id))
    history = db.session.scalars(
        select(DeadlineExtension)
        .where(
            DeadlineExtension.rollout_id == application.rollout_id,
            DeadlineExtension.organisation_id == application.organisation_id,
        )
        .order_by(DeadlineExtension.granted_at.desc())
    ).all()
    return render_template(
        "applications/extension.html", application=application, form=form, history=history
    )


@login_required
def versions(application_id: int):
    application = load_application(application_id)
    require(Action.MANAGE_APPLICATIONS)
    chosen_round(application.rollout)
    rows = db.session.scalars(
        select(ApplicationVersion)
        .where(ApplicationVersion.application_id == application.id)
        .options(selectinload(ApplicationVersion.saved_by))
    ).all()
    return render_template(
        "applications/versions.html",
        application=application,
        diffs=queries.version_diffs(list(rows)),
    )
