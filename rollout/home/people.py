"""A person's data across the areas: everything the app holds that names one email address
(export), erasing a person who left without breaking history, and removing the attachments of
organisations that were not selected once the retention period after the round has passed.

The audit log is left as it is: it is the record of what happened (rollout/auditing.py)."""

import io
import json
import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from rollout import auditing
from rollout.applications.models import Application, Attachment
from rollout.auth.models import (
    ERASED_DOMAIN,
    ERASED_NAME,
    ERASED_PREFIX,
    LoginFailure,
    Organisation,
    Role,
    User,
)
from rollout.auth.services import end_sessions, renew_calendar_token
from rollout.changes import Act, Refused
from rollout.plan.models import Rollout
from rollout.prematching.models import Decision, DecisionKind, Interview
from rollout.qa.models import QaRegistration
from rollout.sessions.models import Attendance, Meeting
from rollout.staffing.models import TeamMember


def _same(column, email: str):
    return func.lower(column) == email


def _naming(session: Session, column, value: str | int) -> list:
    """The rows of `column`'s model whose `column` is `value` (an email: case-insensitive)."""
    condition = _same(column, value) if isinstance(value, str) else column == value
    return list(session.scalars(select(column.class_).where(condition).order_by("id")))


def _row(obj: Any, *columns: str) -> dict:
    return {column: _plain(getattr(obj, column)) for column in columns}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _named(entries: list, email: str) -> list[dict]:
    return [e for e in entries or [] if str(e.get("email", "")).strip().lower() == email]


def person_data(session: Session, email: str) -> dict:
    """Every row that names `email` (case-insensitive), and the user's own rows, as plain data
    (JSON-ready); empty lists where the app holds nothing."""
    email = email.strip().lower()
    user = session.scalar(select(User).where(_same(User.email, email)))
    data: dict[str, Any] = {"email": email, "gebruiker": None}
    if user is not None:
        data["gebruiker"] = _row(
            user, "id", "email", "name", "role", "organisation_id", "province_id",
            "is_active", "created_at", "last_login_at", "email_verified_at",
        )  # fmt: skip
    data["organisaties_als_contact"] = [
        _row(o, "id", "name", "contact_name", "contact_email", "contact_phone")
        for o in _naming(session, Organisation.contact_email, email)
    ]
    data["aanmeldingen_als_contact"] = [
        _row(a, "id", "rollout_id", "organisation_id", "contact_name", "contact_role",
             "contact_email", "contact_phone")
        for a in _naming(session, Application.contact_email, email)
    ]  # fmt: skip
    data["teamleden"] = [
        _row(m, "id", "rollout_id", "province_id", "team", "name", "email", "role", "hours",
             "valid_from", "valid_until")
        for m in _naming(session, TeamMember.email, email)
    ]  # fmt: skip
    data["aanwezigheden"] = [
        _row(a, "id", "meeting_id", "name", "email", "status")
        for a in _naming(session, Attendance.email, email)
    ]
    data["sessies_als_gast"] = [
        {"meeting_id": m.id, "gasten": _named(m.guests, email)}
        for m in session.scalars(select(Meeting))
        if _named(m.guests, email)
    ]
    data["gesprekken"] = [
        {"interview_id": i.id, "deelnemers": _named(i.participants, email)}
        for i in session.scalars(select(Interview))
        if _named(i.participants, email)
    ]
    data.update(_own_rows(session, user))
    return data


def _own_rows(session: Session, user: User | None) -> dict:
    if user is None:
        return {"ingediende_aanmeldingen": [], "bijlagen": [], "vragenronde": [], "auditlog": []}
    entries = session.scalars(
        select(auditing.AuditEntry)
        .where(
            or_(
                auditing.AuditEntry.user_id == user.id,
                and_(
                    auditing.AuditEntry.object_type == "user",
                    auditing.AuditEntry.object_id == str(user.id),
                ),
            )
        )
        .order_by(auditing.AuditEntry.id)
    )
    return {
        "ingediende_aanmeldingen": [
            _row(a, "id", "rollout_id", "organisation_id", "submitted_at")
            for a in _naming(session, Application.submitted_by_id, user.id)
        ],
        "bijlagen": [
            _row(a, "id", "application_id", "original_name", "uploaded_at")
            for a in _naming(session, Attachment.uploaded_by_id, user.id)
        ],
        "vragenronde": [
            _row(r, "id", "session_id", "organisation_id", "participants")
            for r in session.scalars(
                select(QaRegistration).where(QaRegistration.registered_by_id == user.id)
            )
        ],
        "auditlog": [
            _row(e, "at", "user_id", "action", "object_type", "object_id", "detail", "address")
            for e in entries
        ],
    }


#: What a spreadsheet would run as a formula: such text is written with a quote before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def person_workbook(data: dict) -> bytes:
    """`person_data` as an XLSX file: one sheet per kind of row the app holds (none empty)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for key, value in data.items():
        rows = [value] if isinstance(value, dict) else value
        if key == "email" or not rows:
            continue
        sheet = workbook.create_sheet(key.replace("_", " ")[:31])
        columns = list(rows[0])
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(column)) for column in columns])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # nothing stored is ever a formula
                    cell.data_type = "s"
    if not workbook.sheetnames:
        workbook.create_sheet("niets gevonden")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def holds_anything(data: dict) -> bool:
    return any(value for key, value in data.items() if key != "email")


def _check_user(session: Session, user: User, act: Act) -> None:
    if user.id == act.user_id:
        raise Refused("U kunt uw eigen gegevens niet wissen.", field="email")
    if user.role is Role.LEAD and user.is_active:
        leads = session.scalar(
            select(func.count(User.id)).where(User.role == Role.LEAD, User.is_active)
        )
        if leads <= 1:
            raise Refused(
                "Dit is de laatste actieve programmaverantwoordelijke: die kan niet gewist worden.",
                field="email",
            )


def erase_person(session: Session, email: str, act: Act) -> str:
    """Pseudonymise everything that names `email`: the user account (deactivated, signed out,
    name and address replaced), team members (their hours and periods stay, so the 8u/19u
    history holds), contact persons, attendance, guests and interview participants. Returns
    the placeholder address. The audit log is left as it is."""
    email = email.strip().lower()
    data = person_data(session, email)
    if not holds_anything(data):
        raise Refused("De app bewaart niets over dit e-mailadres.", field="email")
    user = session.scalar(select(User).where(_same(User.email, email)))
    tag = str(user.id) if user is not None else secrets.token_hex(4)
    placeholder = f"{ERASED_PREFIX}{tag}{ERASED_DOMAIN}"
    if user is not None:
        _check_user(session, user, act)
        user.name, user.email, user.password_hash, user.is_active = (
            ERASED_NAME, placeholder, "", False
        )  # fmt: skip
        end_sessions(user)
        renew_calendar_token(user)
        for failure in session.scalars(select(LoginFailure).where(LoginFailure.user_id == user.id)):
            session.delete(failure)
    _erase_contacts(session, email)
    _erase_sessions(session, email, placeholder)
    auditing.event(
        "person_erased",
        user=act.user_id,
        target=user,
        detail=f"persoon gewist: {placeholder}",
        session=session,
    )
    session.flush()
    return placeholder


def _erase_contacts(session: Session, email: str) -> None:
    for member in _naming(session, TeamMember.email, email):
        member.name, member.email = ERASED_NAME, ""
    for org in _naming(session, Organisation.contact_email, email):
        org.contact_name = org.contact_email = org.contact_phone = ""
    for app in _naming(session, Application.contact_email, email):
        app.contact_name = app.contact_role = app.contact_email = app.contact_phone = ""


def _replaced(entries: list, email: str, placeholder: str) -> list:
    return [
        {**e, "name": ERASED_NAME, "email": placeholder}
        if str(e.get("email", "")).strip().lower() == email
        else e
        for e in entries or []
    ]


def _erase_sessions(session: Session, email: str, placeholder: str) -> None:
    for row in _naming(session, Attendance.email, email):
        row.name = ERASED_NAME
        if row.person_key.startswith("guest:"):
            row.person_key, row.email = f"guest:{placeholder}", placeholder
        else:
            row.email = ""
    for meeting in session.scalars(select(Meeting)):
        if _named(meeting.guests, email):
            meeting.guests = _replaced(meeting.guests, email, placeholder)
    for interview in session.scalars(select(Interview)):
        if _named(interview.participants, email):
            interview.participants = _replaced(interview.participants, email, placeholder)


# --- attachments of organisations not selected ---------------------------------------------------


def expired_attachments(session: Session, today: date, days: int) -> list[Attachment]:
    """The attachments of applications whose organisation was not selected (its province's
    decision is published and names another organisation, or no partner) in a round that ended
    more than `days` days before `today`. Without a published decision, nothing is removed."""
    rounds = [
        r
        for r in session.scalars(select(Rollout))
        if r.last_day is not None and r.last_day + timedelta(days=days) < today
    ]
    if not rounds:
        return []
    decisions = {
        (d.rollout_id, d.province_id): d
        for d in session.scalars(
            select(Decision).where(
                Decision.rollout_id.in_([r.id for r in rounds]), Decision.published_at.is_not(None)
            )
        )
    }
    found = []
    rows = session.execute(
        select(Attachment, Application, Organisation.province_id)
        .join(Application, Attachment.application_id == Application.id)
        .join(Organisation, Application.organisation_id == Organisation.id)
        .where(Application.rollout_id.in_([r.id for r in rounds]))
        .order_by(Attachment.id)
    )
    for attachment, application, province_id in rows:
        decision = decisions.get((application.rollout_id, province_id))
        if decision is None:
            continue
        if decision.kind is DecisionKind.PARTNER and decision.application_id == application.id:
            continue
        found.append(attachment)
    return found


def purge_attachments(session: Session, today: date, days: int) -> list[Attachment]:
    """Remove the rows of the expired attachments (`expired_attachments`), each removal logged
    in the audit log; the caller commits, then removes their files (`remove_files`)."""
    removed = expired_attachments(session, today, days)
    for attachment in removed:
        auditing.event(
            "attachment_removed",
            user=None,
            target=attachment.application,
            detail=f"bijlage {attachment.original_name!r} verwijderd na de bewaartermijn",
            session=session,
        )
        session.delete(attachment)
    session.flush()
    return removed


def remove_files(folder: Path, attachments: list[Attachment]) -> None:
    for attachment in attachments:
        (folder / attachment.stored_name).unlink(missing_ok=True)
