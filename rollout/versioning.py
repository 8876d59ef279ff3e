"""A rollout's data version: bumped by every change to what its pages show, so that a page part
cached under (rollout, ..., data version) is never stale.

No service has to remember it. One listener on every session looks, after each flush, at the
objects it inserted, changed or deleted, and notes the rollout(s) they belong to:

- a rollout itself, or a row with a `rollout_id` column: that rollout;
- a row without one: the rollout of the row its foreign keys lead to (an activity's progress,
  through its activity; a review's answer, through the review and its application; ...), so that
  a new area's models are covered without writing anything;
- a row that belongs to no rollout (a province, an organisation, a user): every rollout, which is
  rare. A model lists in `__unversioned__` the columns that no page shows (a user's sign-in
  bookkeeping), whose change alone bumps nothing, or says `__versioned__ = False` when no page
  shows any of it (the failed sign-ins);
- an INSERT, UPDATE or DELETE statement run through the session (no objects to look at): every
  rollout.

Before the transaction commits, the noted rollouts get `data_version + 1` in one UPDATE: in the
same transaction as the change, and as its last statement, so that a writer holds the lock on a
rollout's row only while it commits (another writer of the same rollout waits that long, never
for a lock the first one still needs).

Why a cache keyed by it never serves a stale page: a page reads the data version first (the
rollouts, with the round it shows), then the data. A change that commits between the two has
bumped the version, so whatever the page made from the newer data is stored under the older
version, which the pages that read the new version never ask for; the reverse order (data, then
version) could store old data under the new version, and must not be used. What a page must read
before the version (the province its URL names) goes into the key with what the part shows of it.
(SQLite reads a whole request from one snapshot; PostgreSQL, in READ COMMITTED, statement by
statement: there the order matters.)
"""

import functools

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import RelationshipDirection, Session
from sqlalchemy.orm.attributes import set_committed_value

from rollout.extensions import db

#: Columns that record when a row was written, not anything a page shows.
BOOKKEEPING = frozenset({"created_at", "updated_at", "data_version"})
#: session.info key of the rollouts whose version this transaction bumps (ALL: every one).
PENDING = "rollout_versions"
ALL = "all"


#: The table of the rounds (plan.models.Rollout), found by name: this module knows no area.
ROLLOUT_TABLE = "rollout"


@functools.cache
def _class_of(table):
    """The model mapped to `table` (None for a table no model maps)."""
    return next((m.class_ for m in db.Model.registry.mappers if m.local_table is table), None)


@functools.cache
def _parent_keys(table, column: str = "rollout_id", root: str = ROLLOUT_TABLE) -> tuple:
    """The foreign keys of `table` that lead to a `root` row (a rollout), through rows that
    have one (a `column` of their own, or a key leading on)."""
    return tuple(
        fk
        for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name)
        if _leads_to(fk.column.table, column, root, {table})
    )


def _leads_to(table, column: str, root: str, seen: set) -> bool:
    if table.name == root or column in table.c:
        return True
    seen = seen | {table}
    return any(
        _leads_to(fk.column.table, column, root, seen)
        for fk in table.foreign_keys
        if fk.column.table not in seen
    )


def _column_value(obj, name: str, deleted: bool):
    """A column's value; of a deleted row only what was loaded (nothing is loaded any more)."""
    if deleted:
        return inspect(obj).dict.get(name)
    return getattr(obj, name, None)


def owners_of(
    session: Session, obj, column: str, root: str, deleted: bool = False, *, every: bool = True
) -> set[int] | None:
    """The ids of the `root` rows (rollouts, provinces) `obj` belongs to: its own if it is one,
    its `column` (rollout_id, province_id) if it has one, else those of the rows its foreign
    keys lead to; None when it belongs to none in particular. With `every` (the data version:
    such a row may show on every rollout's pages) one parent that belongs to none makes the
    row belong to none; without it (the audit log: where can it be told) it is passed over."""
    state = inspect(obj)
    table = state.mapper.local_table
    if table.name == root:
        return {obj.id} if obj.id is not None else set()
    if column in table.c:
        key = state.mapper.get_property_by_column(table.c[column]).key
        ids = {_column_value(obj, key, deleted)}
        if not deleted:  # a row moved to another rollout changes both
            ids |= set(state.attrs[key].history.deleted or ())
        ids.discard(None)
        return ids or None
    ids: set[int] = set()
    for fk in _parent_keys(table, column, root):
        key = _column_value(obj, state.mapper.get_property_by_column(fk.parent).key, deleted)
        parent_class = _class_of(fk.column.table)
        parent = session.get(parent_class, key) if key is not None and parent_class else None
        if parent is None:  # none, or deleted with it in this flush (and noted there)
            continue
        found = owners_of(session, parent, column, root, every=every)
        if found is None:
            if every:
                return None
            continue
        ids |= found
    return ids or None  # a row whose owner cannot be told: every one


def rollouts_of(session: Session, obj, deleted: bool = False) -> set[int] | None:
    """The ids of the rollouts `obj` belongs to; None when it belongs to none in particular
    (then every rollout's pages may show it)."""
    return owners_of(session, obj, "rollout_id", ROLLOUT_TABLE, deleted)


def _changed(obj) -> bool:
    """Whether a changed object's change is one a page may show."""
    state = inspect(obj)
    ignored = BOOKKEEPING | getattr(type(obj), "__unversioned__", frozenset())
    for attr in state.mapper.attrs:
        if attr.key in ignored:
            continue
        if getattr(attr, "direction", None) not in (None, RelationshipDirection.MANYTOONE):
            continue  # a collection: its members are noted themselves
        if state.attrs[attr.key].history.has_changes():
            return True
    return False


def note_flushed(session: Session, _context) -> None:
    """After a flush: note the rollouts of what it inserted, changed or deleted."""
    pending = session.info.setdefault(PENDING, set())
    if ALL in pending:
        return
    objects = [(o, False) for o in session.new]
    objects += [(o, False) for o in session.dirty if _changed(o)]
    objects += [(o, True) for o in session.deleted]
    for obj, deleted in objects:
        if not isinstance(obj, db.Model) or not getattr(type(obj), "__versioned__", True):
            continue  # not a row, or a row no page shows (its model says __versioned__ = False)
        found = rollouts_of(session, obj, deleted)
        if found is None:
            pending.clear()
            pending.add(ALL)
            return
        pending |= found


def note_bulk(execute_state) -> None:
    """An INSERT, UPDATE or DELETE statement run through the session leaves no objects to look
    at: every rollout is bumped."""
    if execute_state.statement.is_dml:  # INSERT, UPDATE or DELETE (asked on every statement)
        pending = execute_state.session.info.setdefault(PENDING, set())
        pending.clear()
        pending.add(ALL)


def bump_versions(session: Session) -> None:
    """Before the commit: the noted rollouts' data versions go up, in this transaction."""
    session.flush()
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    table = db.metadata.tables[ROLLOUT_TABLE]
    rollout = _class_of(table)
    statement = update(table).values(data_version=table.c.data_version + 1)
    if ALL not in pending:
        statement = statement.where(table.c.id.in_(sorted(pending)))
    session.connection().execute(statement)
    # the rollouts this session holds show their new version without a query
    for obj in list(session.identity_map.values()):
        if isinstance(obj, rollout) and (ALL in pending or obj.id in pending):
            version = inspect(obj).dict.get("data_version")
            if version is not None:
                set_committed_value(obj, "data_version", version + 1)


def forget_versions(session: Session, transaction) -> None:
    """A transaction that ended without its bump (rolled back) leaves nothing to bump."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def register_versioning() -> None:
    """Listen on every session (once): the bump follows every change the app makes."""
    if event.contains(Session, "after_flush", note_flushed):
        return
    event.listen(Session, "after_flush", note_flushed)
    event.listen(Session, "do_orm_execute", note_bulk)
    event.listen(Session, "before_commit", bump_versions)
    event.listen(Session, "after_transaction_end", forget_versions)
