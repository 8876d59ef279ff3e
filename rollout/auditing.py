"""One audit log, append-only: every change to data and every security event, in one table.

Data changes need no code in any area. One listener on every session looks, after each flush,
at the rows it inserted, changed or deleted (of every mapped model, so a new area's models are
covered by themselves) and notes who, which row, its rollout and province where its foreign keys
tell them (`versioning.owners_of`), and what changed ({column: [old, new]}); before the
transaction commits, the notes go in with one multi-row INSERT, in the same transaction as the
change (a change rolled back leaves no entry). Secret columns (a password hash, a token) are
noted as changed, never with their values.

Security events (sign-in, a failed one, sign-out, a new password, an invitation, an export, a
download, ...) are written by `event`, called where they happen.

Nobody edits or deletes an entry: the app has no page for it, the model refuses an update or a
delete through the ORM, and on PostgreSQL a trigger (migration 0013) refuses it in the database.
"""

from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import g, has_request_context, request
from flask_login import AnonymousUserMixin
from sqlalchemy import JSON, Index, String, insert, inspect
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from rollout.database import SAFE_METHODS, UTCDateTime
from rollout.extensions import db
from rollout.timeutil import utcnow
from rollout.versioning import BOOKKEEPING, owners_of

#: The actions of data changes; security events have names of their own (EVENTS).
INSERT, UPDATE, DELETE = "insert", "update", "delete"
#: The security events `event` records, by name.
EVENTS = frozenset(
    {
        "sign_in",
        "sign_in_failed",
        "held_back",
        "sign_out",
        "password_changed",
        "password_reset_requested",
        "password_reset",
        "invitation",
        "invitation_accepted",
        "deactivated",
        "reactivated",
        "role_changed",
        "export",
        "attachment_download",
        "person_erased",
        "attachment_removed",
    }
)
#: What a secret column's old and new value are noted as.
HIDDEN = "(verborgen)"
#: Column names whose values are secrets wherever they occur (any model, later ones too).
SECRET_MARKS = ("password", "token", "secret", "_hash")
#: session.info key of the entries of this transaction's flushes, inserted before it commits.
PENDING = "audit_entries"
#: A value longer than this is cut (a whole document's text has its own history).
MAX_VALUE = 2000


class AuditEntry(db.Model):
    """One change to a row, or one security event: who (user_id; none for the system or an
    unknown visitor), when, what (action), which row (object_type: its table, object_id), in
    which round and province where that can be told, what changed, and from which address."""

    __tablename__ = "audit_entry"
    #: No page's cached part shows it (rollout/versioning.py); it is not audited itself.
    __versioned__ = False
    __audited__ = False
    __table_args__ = (
        Index("ix_audit_entry_at", "at"),
        Index("ix_audit_entry_user_id", "user_id"),
        Index("ix_audit_entry_province_id", "province_id"),
        Index("ix_audit_entry_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Who acted. No foreign key: an entry outlives the account it names.
    user_id: Mapped[int | None]
    #: insert, update, delete, or a security event's name (EVENTS).
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    rollout_id: Mapped[int | None]
    province_id: Mapped[int | None]
    #: {column: [old, new]}; a secret column's values are HIDDEN.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    detail: Mapped[str] = mapped_column(String(500), default="")
    address: Mapped[str] = mapped_column(String(64), default="")


class AppendOnly(RuntimeError):
    """An audit entry cannot be changed or deleted."""


def _refuse(_mapper, _connection, _target) -> None:
    raise AppendOnly("Een auditregel kan niet gewijzigd of verwijderd worden.")


sa_event.listen(AuditEntry, "before_update", _refuse)
sa_event.listen(AuditEntry, "before_delete", _refuse)


# --- who and from where -----------------------------------------------------------------------


def _identity(obj) -> int | None:
    """The primary key of a loaded row, without loading anything (it may be expired)."""
    state = inspect(obj, raiseerr=False)
    if state is None or not state.identity:
        return None
    return state.identity[0]


def signed_in_user_id() -> int | None:
    """The user signed in for this request, if any; none outside a request. Only a user
    already loaded is asked: nothing is queried (the listener runs inside a flush)."""
    if not has_request_context():
        return None
    user = g.get("_login_user")
    if user is None or isinstance(user, AnonymousUserMixin):
        return None
    return _identity(user)


def client_address() -> str:
    if not has_request_context():
        return ""
    return (request.remote_addr or "")[:64]


# --- what changed -----------------------------------------------------------------------------


def is_secret(model, column: str) -> bool:
    """A column whose value never goes into the log: a password hash, a token, a secret."""
    return column in getattr(model, "__secret__", ()) or any(m in column for m in SECRET_MARKS)


def plain(value: Any) -> Any:
    """A value as JSON can hold it."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"({len(value)} bytes)"
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    text = str(value)
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE] + "…"


def _ignored(model) -> frozenset:
    return BOOKKEEPING | getattr(model, "__unaudited__", frozenset())


def _changes(obj, action: str) -> dict:
    """{column: [old, new]} of a row's columns (not its bookkeeping)."""
    state = inspect(obj)
    model = type(obj)
    ignored = _ignored(model)
    changes = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in ignored:
            continue
        if action == UPDATE:
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
        else:
            value = state.dict.get(key)
            if value is None:
                continue
            old, new = (None, value) if action == INSERT else (value, None)
        if is_secret(model, key):
            changes[key] = [HIDDEN, HIDDEN]
        else:
            changes[key] = [plain(old), plain(new)]
    return changes


def _object_id(obj) -> str | None:
    state = inspect(obj)
    values = [
        state.dict.get(prop.key)
        for prop in state.mapper.column_attrs
        if prop.columns[0].primary_key
    ]
    if any(v is None for v in values):
        values = list(state.identity or ())
    return ",".join(str(v) for v in values) or None


def _one(ids: set[int] | None) -> int | None:
    return next(iter(ids)) if ids and len(ids) == 1 else None


def _place(session: Session, obj, deleted: bool) -> tuple[int | None, int | None]:
    """The rollout and province of a row, where its columns and foreign keys tell them."""
    rollout = owners_of(session, obj, "rollout_id", "rollout", deleted, every=False)
    province = owners_of(session, obj, "province_id", "province", deleted, every=False)
    return _one(rollout), _one(province)


def _entry(session: Session, obj, action: str, changes: dict) -> dict:
    deleted = action == DELETE
    rollout_id, province_id = _place(session, obj, deleted)
    return {
        "at": utcnow(),
        "user_id": signed_in_user_id(),
        "action": action,
        "object_type": inspect(obj).mapper.local_table.name,
        "object_id": _object_id(obj),
        "rollout_id": rollout_id,
        "province_id": province_id,
        "changes": changes,
        "detail": "",
        "address": client_address(),
    }


def _audited(obj) -> bool:
    return isinstance(obj, db.Model) and getattr(type(obj), "__audited__", True)


def note_flushed(session: Session, _context) -> None:
    """After a flush: note what it inserted, changed and deleted, with what changed."""
    notes = []
    for action, objects in (
        (INSERT, session.new),
        (UPDATE, session.dirty),
        (DELETE, session.deleted),
    ):
        for obj in objects:
            if not _audited(obj):
                continue
            changes = _changes(obj, action)
            if action == UPDATE and not changes:
                continue  # only bookkeeping, or nothing at all, changed
            named = getattr(type(obj), "__audit_events__", {})
            if action == UPDATE:
                # a column whose change is a security event of its own (a user's role)
                action_of = next((named[c] for c in changes if c in named), UPDATE)
            else:
                action_of = action
            notes.append(_entry(session, obj, action_of, changes))
    if notes:
        session.info.setdefault(PENDING, []).extend(notes)


def note_bulk(execute_state) -> None:
    """An INSERT, UPDATE or DELETE statement run through the session (no rows to look at) is
    noted as one entry naming its table; one on the audit table itself is refused."""
    if not (execute_state.is_insert or execute_state.is_update or execute_state.is_delete):
        return
    statement = execute_state.statement
    table = getattr(statement, "table", None)
    name = getattr(table, "name", None)
    if name == AuditEntry.__tablename__:
        if execute_state.is_insert:
            return
        raise AppendOnly("Een auditregel kan niet gewijzigd of verwijderd worden.")
    action = (
        "insert" if execute_state.is_insert else "update" if execute_state.is_update else "delete"
    )
    session = execute_state.session
    session.info.setdefault(PENDING, []).append(
        {
            "at": utcnow(),
            "user_id": signed_in_user_id(),
            "action": action,
            "object_type": name,
            "object_id": None,
            "rollout_id": None,
            "province_id": None,
            "changes": {},
            "detail": plain(str(statement))[:500],
            "address": client_address(),
        }
    )


def load_deleted(session: Session, _context, _instances) -> None:
    """Before a flush: a row to delete whose values are not loaded (expired by a commit) is
    read once, so that its entry keeps what was deleted."""
    for obj in session.deleted:
        if not _audited(obj):
            continue
        state = inspect(obj)
        unloaded = state.unloaded & {attr.key for attr in state.mapper.column_attrs}
        if unloaded:
            getattr(obj, next(iter(unloaded)))  # loads every expired column in one query


def _no_op(*_args) -> None:
    return None


def keep_old_values(mapper, class_) -> None:
    """A column set while its value is not loaded (expired by a commit) reads the old value
    first, so that the log knows it (SQLAlchemy's "active history"; a loaded value costs
    nothing)."""
    if not issubclass(class_, db.Model) or not getattr(class_, "__audited__", True):
        return
    for attr in mapper.column_attrs:
        attribute = getattr(class_, attr.key)
        if not sa_event.contains(attribute, "set", _no_op):
            sa_event.listen(attribute, "set", _no_op, active_history=True)


def write_pending(session: Session) -> None:
    """Before the commit: this transaction's notes go in, in one statement."""
    session.flush()
    notes = session.info.pop(PENDING, None)
    if notes:
        session.connection().execute(insert(AuditEntry.__table__), notes)


def forget_pending(session: Session, transaction) -> None:
    """A transaction that ended without its commit (rolled back) leaves nothing to write."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def register_auditing() -> None:
    """Listen on every session (once): every change the app makes is noted."""
    if sa_event.contains(Session, "after_flush", note_flushed):
        return
    for mapper in list(db.Model.registry.mappers):
        keep_old_values(mapper, mapper.class_)
    sa_event.listen(Mapper, "mapper_configured", keep_old_values)
    sa_event.listen(Session, "before_flush", load_deleted)
    sa_event.listen(Session, "after_flush", note_flushed)
    sa_event.listen(Session, "do_orm_execute", note_bulk)
    sa_event.listen(Session, "before_commit", write_pending)
    sa_event.listen(Session, "after_transaction_end", forget_pending)


# --- security events --------------------------------------------------------------------------

#: `event`'s default for `user`: whoever is signed in for this request.
SIGNED_IN = object()


def event(
    name: str,
    *,
    user: Any = SIGNED_IN,
    target: Any = None,
    detail: str = "",
    session: Session | None = None,
    address: str | None = None,
) -> None:
    """Record security event `name` (one of EVENTS): by `user` (a User or an id; default the
    signed-in user; None: nobody known), about `target` (a row: its table, id, rollout and
    province), with a short Dutch `detail`.

    In a request that changes something (POST), the entry joins the session's transaction
    and is written when it commits (or not at all, if it is rolled back). A request that
    changes nothing (GET: an export, a download) commits nothing: there the entry is written
    at once, in a short transaction of its own."""
    if name not in EVENTS:
        raise ValueError(f"unknown audit event {name!r}")
    session = session or db.session
    if user is SIGNED_IN:
        user_id = signed_in_user_id()
    elif user is None or isinstance(user, int):
        user_id = user
    else:
        user_id = _identity(user) or getattr(user, "id", None)
    values = {
        "at": utcnow(),
        "user_id": user_id,
        "action": name,
        "object_type": None,
        "object_id": None,
        "rollout_id": None,
        "province_id": None,
        "changes": {},
        "detail": plain(detail)[:500],
        "address": (address if address is not None else client_address())[:64],
    }
    if target is not None:
        values["object_type"] = inspect(target).mapper.local_table.name
        values["object_id"] = _object_id(target)
        values["rollout_id"], values["province_id"] = _place(session, target, False)
    if has_request_context() and request.method in SAFE_METHODS:
        with db.engine.begin() as connection:
            connection.execute(insert(AuditEntry.__table__), [values])
    else:
        session.add(AuditEntry(**values))
