"""Reads of the audit log: one page of entries under the filters, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from rollout.auditing import DELETE, INSERT, UPDATE, AuditEntry
from rollout.extensions import db
from rollout.timeutil import end_of_day, start_of_day

#: What an entry's action is called on the page.
ACTION_LABELS = {
    INSERT: "aangemaakt",
    UPDATE: "gewijzigd",
    DELETE: "verwijderd",
    "sign_in": "aangemeld",
    "sign_in_failed": "mislukte aanmelding",
    "held_back": "adres tegengehouden (te veel pogingen)",
    "sign_out": "afgemeld",
    "password_changed": "wachtwoord gewijzigd",
    "password_reset_requested": "wachtwoordherstel gevraagd",
    "password_reset": "wachtwoord hersteld",
    "invitation": "uitgenodigd",
    "invitation_accepted": "uitnodiging aanvaard",
    "deactivated": "gedeactiveerd",
    "reactivated": "opnieuw geactiveerd",
    "role_changed": "rol gewijzigd",
    "export": "export",
    "attachment_download": "bijlage gedownload",
    "person_erased": "persoon gewist",
    "attachment_removed": "bijlage verwijderd (bewaartermijn)",
}

#: What a table is called on the page; a table not named here shows its own name.
OBJECT_LABELS = {
    "user": "gebruiker",
    "organisation": "organisatie",
    "invitation": "uitnodiging",
    "rollout": "ronde",
    "province": "provincie",
    "phase": "fase",
    "activity": "activiteit",
    "participation": "deelname provincie",
    "application": "aanmeldingsfiche",
    "application_version": "versie aanmeldingsfiche",
    "attachment": "bijlage aanmelding",
    "team_member": "teamlid",
    "meeting": "sessie",
    "meeting_attachment": "bijlage sessie",
    "qa_session": "sessie vragenronde",
    "qa_registration": "inschrijving vragenronde",
}

PAGE_SIZE = 50
#: An export holds at most this many entries (the newest).
EXPORT_LIMIT = 100_000


def object_types() -> list[str]:
    """Every table the log can name (the audit table itself excepted), sorted."""
    return sorted(t for t in db.metadata.tables if t != AuditEntry.__tablename__)


def object_label(name: str | None) -> str:
    return OBJECT_LABELS.get(name or "", name or "")


@dataclass(frozen=True)
class Filters:
    #: who acted, or whom the entry is about (a user's account)
    user_id: int | None = None
    action: str = ""
    object_type: str = ""
    province_id: int | None = None
    #: the period, as dates in Brussels, both included
    start: date | None = None
    end: date | None = None


def _filtered(filters: Filters):
    query = select(AuditEntry)
    if filters.user_id is not None:
        query = query.where(
            or_(
                AuditEntry.user_id == filters.user_id,
                and_(
                    AuditEntry.object_type == "user",
                    AuditEntry.object_id == str(filters.user_id),
                ),
            )
        )
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type)
    if filters.province_id is not None:
        query = query.where(AuditEntry.province_id == filters.province_id)
    if filters.start is not None:
        query = query.where(AuditEntry.at >= start_of_day(filters.start))
    if filters.end is not None:
        query = query.where(AuditEntry.at <= end_of_day(filters.end))
    return query


def _newest_first(query):
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


@dataclass(frozen=True)
class Page:
    entries: list[AuditEntry]
    total: int
    number: int
    pages: int


def entries_page(session: Session, filters: Filters, number: int) -> Page:
    """Page `number` (from 1) of the entries under the filters, newest first: two queries."""
    total = session.scalar(select(func.count()).select_from(_filtered(filters).subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, number), pages)
    entries = session.scalars(
        _newest_first(_filtered(filters)).limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    ).all()
    return Page(list(entries), total, number, pages)


def all_entries(session: Session, filters: Filters) -> list[AuditEntry]:
    """Every entry under the filters, newest first (at most EXPORT_LIMIT): one query."""
    return list(session.scalars(_newest_first(_filtered(filters)).limit(EXPORT_LIMIT)))
