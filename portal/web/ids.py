"""Row ids in addresses and forms: a number the database can hold, or nothing found.

An id past 64 bits once reached the database driver and gave a server error; now every
`<int:...>` in a route and every id read from a query string is bounded first."""
from werkzeug.routing import IntegerConverter

# The largest id the tables' INTEGER keys hold on PostgreSQL (int4): Schemathesis sent a
# 2**54 through the API, and PostgreSQL refused it with a server error.
MAX_ID = 2**31 - 1


class RowId(IntegerConverter):
    """`<int:...>` in every route: a larger number matches no route, so it is a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def row_id(value: str) -> int:
    """For `request.args.get(name, type=row_id)`: ASCII digits within MAX_ID, else the default."""
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        raise ValueError(value)
    return int(value)
