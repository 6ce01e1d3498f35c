"""Row ids in addresses and forms: a number the database can hold, or nothing found.

An id past 64 bits once reached the database driver and gave a server error; now every
`<int:...>` in a route and every id read from a query string is bounded first."""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL's bigint hold


class RowId(IntegerConverter):
    """`<int:...>` in every route: a larger number matches no route, so it is a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def row_id(value: str) -> int:
    """For `request.args.get(name, type=row_id)`: ASCII digits within MAX_ID, else the default."""
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        raise ValueError(value)
    return int(value)
