"""The TechEmpower "fortunes" test as a tiny WSGI app: the baseline `make bench` compares with.

One query for the 12 rows of a table, one fortune added in memory, sorted by message, rendered
as an HTML table by Jinja with escaping. Served by the same gunicorn and Python as the app,
against the same kind of database (`DATABASE_URL`), so that a route's ratio to it says how much
work the route does beyond what any page of this stack costs.

    DATABASE_URL=... gunicorn 'bench.fortunes:create_app()'
"""

import os
from typing import NamedTuple

from flask import Flask
from jinja2 import Environment
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

#: TechEmpower's rows (https://github.com/TechEmpower/FrameworkBenchmarks, "Fortunes").
MESSAGES = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "フレームワークのベンチマーク",
]
ADDED = "Additional fortune added at request time."

metadata = MetaData()
fortune = Table(
    "fortune",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message", String(2048), nullable=False),
)

TEMPLATE = Environment(autoescape=True).from_string(
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}"
    "</table></body></html>"
)


class Fortune(NamedTuple):
    id: int
    message: str


def render(rows: list[tuple[int, str]]) -> str:
    """The page: the rows plus the one added at request time, sorted by message, escaped."""
    fortunes = [Fortune(*row) for row in rows]
    fortunes.append(Fortune(0, ADDED))
    fortunes.sort(key=lambda f: f.message)
    return TEMPLATE.render(fortunes=fortunes)


def database_url_of(url: str) -> str:
    """A database URL as the app reads it (bare postgres URLs use psycopg 3)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def database_url() -> str:
    return database_url_of(os.environ["DATABASE_URL"])


def create_table(url: str) -> None:
    """The table and its 12 rows (the bench makes them once, next to the app's data)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(insert(fortune), [{"id": n, "message": m} for n, m in enumerate(MESSAGES, 1)])
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    engine = create_engine(database_url())
    query = select(fortune.c.id, fortune.c.message)

    @app.get("/fortunes")
    def fortunes():
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        return render(rows), {"Content-Type": "text/html; charset=utf-8"}

    return app
