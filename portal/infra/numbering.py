"""Numbers that must never repeat: dossier codes and issued-document numbers.

A counter row per (name, year) is incremented with one upsert inside the caller's
transaction: concurrent issuers queue on the row, and a rollback returns the number.
"""
from datetime import date

from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db
from portal.models import Counter

_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}

# Prefixes printed on documents and used in /verify/<number>; ASCII so URLs stay plain.
DOCUMENT_PREFIXES = {
    "business_licence": "GPKD",
    "import_permit": "GPNK",
    "identifier_certificate": "TDD",
}


def next_value(name: str, year: int) -> int:
    insert = _INSERT[db.session.get_bind().dialect.name]
    stmt = (insert(Counter).values(name=name, year=year, value=1)
            .on_conflict_do_update(index_elements=["name", "year"],
                                   set_={"value": Counter.value + 1})
            .returning(Counter.value))
    return db.session.execute(stmt).scalar_one()


def dossier_code(today: date) -> str:
    return f"ATTT-{today.year}-{next_value('dossier', today.year):06d}"


def document_number(kind: str, today: date) -> str:
    prefix = DOCUMENT_PREFIXES[kind]
    return f"{prefix}-{today.year}-{next_value(kind, today.year):05d}"
