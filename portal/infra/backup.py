"""Backup and restore of a whole portal: every table's rows and every stored file, in one
tar.gz that restores into an empty instance on SQLite or PostgreSQL alike."""
import io
import json
import tarfile
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from portal.extensions import db
from portal.infra.files import folders

# dossiers and issued_documents point at each other: this key is restored in a second pass.
DEFERRED = {("dossiers", "subject_id")}


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _typed(column: sa.Column, value):
    if value is None:
        return None
    if isinstance(column.type, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, sa.Date):
        return date.fromisoformat(value)
    return value


def create(target: Path) -> dict[str, int]:
    """Write the backup; returns the number of rows per table."""
    counts = {}
    with tarfile.open(target, "w:gz") as tar:
        lines = io.BytesIO()
        for table in db.metadata.sorted_tables:
            counts[table.name] = 0
            order = list(table.primary_key.columns)
            for row in db.session.execute(sa.select(table).order_by(*order)).mappings():
                record = {"table": table.name, "row": {k: _plain(v) for k, v in row.items()}}
                lines.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
                counts[table.name] += 1
        _add_bytes(tar, "database.jsonl", lines.getvalue())
        _add_bytes(tar, "manifest.json", json.dumps({"revision": _revision(), "rows": counts}).encode())
        for name, folder in folders().items():
            if folder.exists():
                tar.add(folder, arcname=f"files/{name}")
    return counts


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _revision() -> str | None:
    return db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


class RestoreRefused(Exception):
    """The target is not an empty portal at the backup's schema revision."""


def restore(source: Path) -> dict[str, int]:
    """Load a backup into this instance, which must be migrated and hold no data."""
    with tarfile.open(source, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        if manifest["revision"] != _revision():
            raise RestoreRefused(f"backup is at revision {manifest['revision']}, "
                                 f"this database at {_revision()}: run 'flask db upgrade' first")
        if db.session.execute(sa.text("SELECT count(*) FROM users")).scalar():
            raise RestoreRefused("this instance already has data; restore into an empty one")
        _load_rows(tar.extractfile("database.jsonl"))
        for member in tar.getmembers():
            _extract_file(tar, member)
    db.session.commit()
    return manifest["rows"]


def _load_rows(lines) -> None:
    tables = {t.name: t for t in db.metadata.sorted_tables}
    db.session.execute(sa.text("DELETE FROM audit_head"))  # seeded by the migration
    later = []
    for line in lines:
        record = json.loads(line)
        table = tables[record["table"]]
        row = {k: _typed(table.c[k], v) for k, v in record["row"].items()}
        for table_name, column in DEFERRED:
            if table.name == table_name and row.get(column) is not None:
                # keep columns the update would otherwise stamp anew (updated_at)
                kept = {c.name: row[c.name] for c in table.c if c.onupdate is not None}
                later.append((table, row["id"], {column: row[column], **kept}))
                row[column] = None
        db.session.execute(table.insert().values(**row))
    for table, row_id, values in later:
        db.session.execute(table.update().where(table.c.id == row_id).values(values))
    if db.engine.dialect.name == "postgresql":
        _advance_sequences(tables.values())


def _advance_sequences(tables) -> None:
    """Rows came with their ids: move each id sequence past them."""
    for table in tables:
        if "id" in table.c and table.c.id.autoincrement in (True, "auto"):
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))


def _extract_file(tar: tarfile.TarFile, member: tarfile.TarInfo) -> None:
    """Only regular files under files/<known folder>/, never a path outside it."""
    parts = Path(member.name).parts
    places = folders()
    if len(parts) < 3 or parts[0] != "files" or parts[1] not in places or not member.isfile():
        return
    target = places[parts[1]].joinpath(*parts[2:]).resolve()
    if not target.is_relative_to(places[parts[1]].resolve()):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(tar.extractfile(member).read())
