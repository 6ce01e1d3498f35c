"""A backup restored into an empty instance is the same portal: every row, every file."""
import hashlib

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from portal import create_app
from portal.infra.files import folders as storage_folders
from portal.extensions import db
from tests.conftest import on_postgres_server, postgres_maintenance


def snapshot() -> dict:
    """Every row of every table, and every stored file by hash."""
    rows = {t.name: [dict(r) for r in db.session.execute(
        sa.select(t).order_by(*t.primary_key.columns)).mappings()] for t in db.metadata.sorted_tables}
    files = {name: {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
                    for p in sorted(folder.rglob("*")) if p.is_file()}
             for name, folder in storage_folders().items() if folder.exists()}
    return {"rows": rows, "files": files}


@pytest.fixture
def empty_instance(database_url, tmp_path):
    """A second, migrated, empty portal with its own storage (and, on PostgreSQL, a database
    named after this process's own, so that xdist workers never share it)."""
    if database_url:
        name = f"{sa.make_url(database_url).database}_restore"
        with postgres_maintenance() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        uri = on_postgres_server(name)
    else:
        uri = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    other = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": uri})
    other.instance_path = str(tmp_path / "restored-instance")
    with other.app_context():
        upgrade()
    yield other
    with other.app_context():
        db.engine.dispose()
    if database_url:
        with postgres_maintenance() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))


def test_backup_restores_into_an_empty_instance_identically(app, runner, empty_instance, tmp_path):
    runner.invoke(args=["demo"])  # dossiers, a signed licence, history, audit, outbox
    archive = tmp_path / "portal-backup.tar.gz"
    assert "backup written" in runner.invoke(args=["backup", str(archive)]).output
    before = snapshot()
    assert before["files"]["issued"] and before["rows"]["audit_records"]

    with empty_instance.app_context():  # the commands act on the app whose context is current
        restored = empty_instance.test_cli_runner().invoke(args=["restore", str(archive)])
        assert restored.exit_code == 0, restored.output
        assert snapshot() == before
        verified = empty_instance.test_cli_runner().invoke(args=["audit", "verify"])
        assert verified.exit_code == 0
        again = empty_instance.test_cli_runner().invoke(args=["restore", str(archive)])
        assert again.exit_code != 0 and "already has data" in again.output
