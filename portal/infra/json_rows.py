"""Rows of a correlated subquery as one JSON value (an array of arrays), so that a page can read
a record's short lists in the statement that reads the record: every statement costs about
0.4 ms of the portal's CPU and as much of the database's, whatever it returns."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class json_rows(FunctionElement):  # noqa: N801 (an SQL function, named like SQLAlchemy's)
    """The aggregate of its arguments as `[[a, b, ...], ...]`: an empty list, or None, for no
    rows. Numbers and booleans come back as JSON has them (SQLite's booleans as 0 and 1), dates
    and times as ISO text (`day`, `moment` read them back)."""
    type = sa.JSON()
    inherit_cache = True


@compiles(json_rows, "postgresql")
def _postgresql(element, compiler, **kw):
    return f"json_agg(json_build_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_rows, "sqlite")
def _sqlite(element, compiler, **kw):
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def moment(text: str | None) -> datetime | None:
    """PostgreSQL's `2026-12-07T04:05:06.1+00:00`, or SQLite's naive UTC `2026-12-07 04:05:06.1`
    (what the ORM hands back there too)."""
    return datetime.fromisoformat(text) if text else None
