"""Something done once, whichever instance tries: a row a unique constraint allows once
records it (a reminder sent), and the second insert finds it there."""
from sqlalchemy.exc import IntegrityError

from portal.extensions import db


def first_time(row) -> bool:
    """Insert `row` in a savepoint; False, with nothing changed, if it is there already."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return False
    return True
