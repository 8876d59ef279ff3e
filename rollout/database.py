"""Database plumbing: column types and SQLite connection settings."""

import functools
import sqlite3
from datetime import UTC, datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import Column, DateTime, Select, event, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, make_transient_to_detached, scoped_session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.types import TypeDecorator

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class UTCDateTime(TypeDecorator):
    """A moment in time, stored as UTC and always returned timezone-aware (also on SQLite)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use rollout.timeutil.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _wants_write_lock() -> bool:
    """Requests that change data take SQLite's write lock when their transaction begins."""
    return not has_request_context() or request.method not in SAFE_METHODS


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout, foreign keys, and writers that queue instead of failing.

    pysqlite's own transaction handling is switched off so that we emit BEGIN ourselves:
    BEGIN IMMEDIATE for writing requests and CLI commands (a second writer then waits up to the
    busy timeout instead of failing on a lock upgrade), a plain BEGIN for reads, which WAL never
    blocks.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # on the driver's connection: this runs before every request's first statement
        conn.connection.driver_connection.execute(
            "BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN"
        )


# --- lean loading, for what every request reads ---------------------------------------------


@functools.cache
def _columns_of(model: type) -> tuple[tuple[str, Any], ...]:
    return tuple((prop.key, prop.columns[0]) for prop in inspect(model).column_attrs)


def lean_select(model: type, **expressions: Any) -> Select:
    """A Core SELECT of every column `model` maps, each labelled with its attribute's name:
    filter it by the table's columns (`Model.__table__.c`), not by the model's attributes (an
    ORM expression makes it an ORM query again), and give it to `lean_load`. A column property
    is given as a Core expression in `expressions`."""
    columns = []
    for key, column in _columns_of(model):
        if key in expressions:
            column = expressions[key]
        elif not isinstance(column, Column):
            raise ValueError(f"{model.__name__}.{key}: give it as a Core expression")
        columns.append(column.label(key))
    return select(*columns)


def lean_load(session: Session, model: type, statement: Select, params: dict | None = None) -> list:
    """The instances of `model` that `statement` (a `lean_select`) finds: what an ORM query
    gives (objects of the session, the same object for a row it already holds), for a fraction
    of the ORM's cost per row, on the paths every request takes (the signed-in user, the
    rounds, a page's province). Relationships load lazily as usual."""
    if isinstance(session, scoped_session):
        session = session()  # once, not through the proxy at every step
    if session.autoflush:
        session.flush()  # as a query would
    mapper = inspect(model)
    primary_key = [mapper.get_property_by_column(column).key for column in mapper.primary_key]
    found = []
    for row in session.execute(statement, params).mappings():
        key = mapper.identity_key_from_primary_key([row[name] for name in primary_key])
        obj = session.identity_map.get(key)
        if obj is None:
            obj = mapper.class_manager.new_instance()
            obj.__dict__.update(row)
            make_transient_to_detached(obj)  # loaded as from a query: no changes to flush
            session.add(obj)
        else:  # as a query does: what it no longer holds (expired by a commit) is filled in
            for name in inspect(obj).unloaded & row.keys():
                set_committed_value(obj, name, row[name])
        found.append(obj)
    return found
