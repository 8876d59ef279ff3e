"""`flask backup` and `flask restore`: the demo and an attachment go into one archive while a
writer holds a transaction open, come back into a fresh empty database (a new SQLite file, or a
new PostgreSQL database on the suite's server) table by table and file by file; a database
that holds rows and a tampered archive are refused."""

import io
import json
import tarfile
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import MetaData, delete, func, select
from sqlalchemy.engine import make_url

from config import TestingConfig
from rollout import create_app
from rollout.applications.models import Application, Attachment
from rollout.backup import DUMPS
from rollout.extensions import db
from tests.applications.files import pdf_bytes

STORED = "3f2a9c0d.pdf"


@pytest.fixture
def demo(app):
    """The demo data, and an attachment: its row and its file, as the upload page stores them."""
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        application_id = db.session.scalar(select(func.min(Application.id)))
        db.session.add(
            Attachment(
                application_id=application_id,
                original_name="visienota.pdf",
                stored_name=STORED,
                content_type="application/pdf",
                size=len(pdf_bytes()),
            )
        )
        db.session.commit()
    (Path(app.config["UPLOAD_FOLDER"]) / STORED).write_bytes(pdf_bytes())
    (Path(app.config["UPLOAD_FOLDER"]) / "ander.odt").write_bytes(b"PK\x03\x04 not only PDFs")
    return app


@pytest.fixture
def fresh(_app, tmp_path):
    """An app on a new, empty database of the suite's kind, with an empty upload folder."""
    source = make_url(_app.config["SQLALCHEMY_DATABASE_URI"])
    if source.get_backend_name() == "sqlite":
        yield _app_on(f"sqlite:///{tmp_path / 'restored.db'}", tmp_path)
        return
    name = f"{source.database}_restore"
    server = source.set(drivername="postgresql", database="postgres")
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    app = _app_on(source.set(database=name).render_as_string(hide_password=False), tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _app_on(url: str, tmp_path: Path):
    return create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=url, UPLOAD_FOLDER=tmp_path / "restored-uploads"
    )


def contents(app) -> dict[str, list[tuple]]:
    """Every row of every table the database has, all columns, in primary-key order."""
    with app.app_context(), db.engine.connect() as conn:
        metadata = MetaData()
        metadata.reflect(conn)
        return {
            name: [
                tuple(row)
                for row in conn.execute(
                    select(table).order_by(*(table.primary_key.columns or table.columns))
                )
            ]
            for name, table in metadata.tables.items()
        }


def files(app) -> dict[str, bytes]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")}


def backup(app, tmp_path) -> Path:
    archive = tmp_path / "backup.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(archive)])
    assert result.exit_code == 0, result.output
    assert "Back-up geschreven" in result.output
    return archive


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as opened:
        return json.load(opened.extractfile("manifest.json"))


def test_a_backup_restored_into_a_fresh_database_has_every_row_and_file(demo, fresh, tmp_path):
    archive = backup(demo, tmp_path)
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only

    result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])

    assert result.exit_code == 0, result.output
    assert "de aantallen kloppen" in result.output
    before, after = contents(demo), contents(fresh)
    assert sorted(after) == sorted(before)
    for name in before:
        assert after[name] == before[name], name
    assert len(after["attachment"]) == 1
    assert sum(map(len, after.values())) > 300  # the demo, not an empty shell
    assert files(fresh) == files(demo)
    assert files(fresh)[STORED] == pdf_bytes()


def test_the_manifest_counts_rows_and_checksums_every_file(demo, tmp_path):
    archive = backup(demo, tmp_path)
    manifest = manifest_of(archive)
    kind = make_url(demo.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
    assert manifest["database"] == kind
    assert manifest["tables"] == {name: len(rows) for name, rows in contents(demo).items()}
    assert manifest["app_version"] == "0.1.0"
    assert manifest["created_at"].endswith("+00:00")
    dump = DUMPS[manifest["database"]]
    assert set(manifest["files"]) == {dump, f"uploads/{STORED}", "uploads/ander.odt"}
    with tarfile.open(archive) as opened:
        assert sorted(opened.getnames()) == sorted([*manifest["files"], "manifest.json"])
        head = opened.extractfile(dump).read(16)
    # the database's own dump format: SQLite's backup API or pg_dump's custom format
    assert head.startswith(b"SQLite format 3\x00" if dump.endswith("sqlite3") else b"PGDMP")


def test_a_backup_taken_while_a_writer_holds_a_transaction_has_what_was_committed(
    demo, fresh, tmp_path
):
    with demo.app_context(), db.engine.connect() as writer:
        writer.begin()
        writer.execute(delete(Attachment))  # not committed yet when the backup runs
        archive = backup(demo, tmp_path)  # neither waits for the writer nor sees its change
        writer.commit()
        assert writer.scalar(select(func.count(Attachment.id))) == 0

    assert manifest_of(archive)["tables"]["attachment"] == 1
    assert fresh.test_cli_runner().invoke(args=["restore", str(archive)]).exit_code == 0
    assert len(contents(fresh)["attachment"]) == 1


def test_a_database_made_by_the_migrations_counts_as_empty(demo, fresh, tmp_path):
    archive = backup(demo, tmp_path)
    runner = fresh.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0

    result = runner.invoke(args=["restore", str(archive)])

    assert result.exit_code == 0, result.output
    before, after = contents(demo), contents(fresh)
    assert {name: after[name] for name in before} == before


def test_restore_refuses_a_database_that_holds_rows(demo, tmp_path):
    archive = backup(demo, tmp_path)
    before = contents(demo)

    result = demo.test_cli_runner().invoke(args=["restore", str(archive)])

    assert result.exit_code != 0
    assert "De databank is niet leeg" in result.output
    assert contents(demo) == before


def test_restore_refuses_an_upload_folder_that_holds_files(demo, fresh, tmp_path):
    archive = backup(demo, tmp_path)
    folder = Path(fresh.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True)
    (folder / "oud.pdf").write_bytes(b"%PDF-1.4 old")

    result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])

    assert result.exit_code != 0
    assert "is niet leeg" in result.output
    assert not any(contents(fresh).values())


def test_restore_refuses_a_tampered_archive_before_loading_anything(demo, fresh, tmp_path):
    archive = backup(demo, tmp_path)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == f"uploads/{STORED}":
                data = data.replace(b"%PDF", b"%PDX")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))

    result = fresh.test_cli_runner().invoke(args=["restore", str(tampered)])

    assert result.exit_code != 0
    assert f"De controlesom klopt niet voor uploads/{STORED}" in result.output
    assert not any(contents(fresh).values())
    assert files(fresh) == {}


def test_restore_refuses_an_archive_of_the_other_kind_of_database(demo, fresh, tmp_path):
    archive = backup(demo, tmp_path)
    manifest = manifest_of(archive)
    ours = manifest["database"]
    other = "postgresql" if ours == "sqlite" else "sqlite"
    manifest["database"] = other
    manifest["files"][DUMPS[other]] = manifest["files"].pop(DUMPS[ours])
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(foreign, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
            member.name = DUMPS[other] if member.name == DUMPS[ours] else member.name
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))

    result = fresh.test_cli_runner().invoke(args=["restore", str(foreign)])

    assert result.exit_code != 0
    assert "kan niet in" in result.output
    assert not any(contents(fresh).values())


def test_a_backup_that_cannot_be_written_says_so(demo, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    output = tmp_path / "a-file" / "backup.tar.gz"

    result = demo.test_cli_runner().invoke(args=["backup", "--output", str(output)])

    assert result.exit_code != 0
    assert "De back-up kon niet geschreven worden" in result.output
