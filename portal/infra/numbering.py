"""Numbers that must never repeat: dossier codes and issued-document numbers.

A counter row per (name, year) is incremented with one upsert inside the caller's
transaction: concurrent issuers queue on the row, and a rollback returns the number.
"""
import importlib
from datetime import date

from flask import current_app

from portal.extensions import db
from portal.models import Counter


def next_value(name: str, year: int, count: int = 1) -> int:
    """The next value, or the first of the next `count` (taken in one statement)."""
    # The upsert of the database in use (postgresql or sqlite), imported when first needed.
    dialect = db.session.get_bind().dialect.name
    insert = importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert
    stmt = (insert(Counter).values(name=name, year=year, value=count)
            .on_conflict_do_update(index_elements=["name", "year"],
                                   set_={"value": Counter.value + count})
            .returning(Counter.value))
    return db.session.execute(stmt).scalar_one() - count + 1


def dossier_code(today: date) -> str:
    """The next code in the configured pattern (DOSSIER_CODE_PATTERN)."""
    return current_app.config["DOSSIER_CODE_PATTERN"].format(
        year=today.year, yymmdd=today.strftime("%y%m%d"), number=next_value("dossier", today.year))


def document_number(series: str, today: date) -> str:
    """The next number of a result kind's series (its prefix is ASCII, so URLs stay plain)."""
    return document_numbers(series, today, 1)[0]


def document_numbers(series: str, today: date, count: int) -> list[str]:
    """The next `count` numbers of a series, in order."""
    first = next_value(series, today.year, count)
    return [f"{series}-{today.year}-{n:05d}" for n in range(first, first + count)]
