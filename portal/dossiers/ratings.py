"""Applicants rate the service once their dossier has its result (one rating a dossier, the
database's rule); leaders read the ratings, newest first, with the count of each level."""
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from procedures import PROCEDURES

from portal.engine import Refused
from portal.extensions import db
from portal.models import Dossier, Rating, User, now
from portal.reports import summary


def may_rate(dossier: Dossier) -> bool:
    """Submitted and ended: the result given (or the dossier refused or withdrawn)."""
    return dossier.code is not None and PROCEDURES[dossier.procedure].flow.state(dossier.state).final


def of(dossier: Dossier) -> Rating | None:
    return db.session.execute(db.select(Rating).where(Rating.dossier_id == dossier.id)).scalar()


def record(dossier: Dossier, user: User, level: str, comment: str) -> Rating:
    """Keep the applicant's rating; refused before the end, or when the dossier has one."""
    if not may_rate(dossier):
        raise Refused([_("Chỉ đánh giá được khi hồ sơ đã có kết quả.")])
    rating = Rating(dossier_id=dossier.id, user_id=user.id, level=level, comment=comment.strip(),
                    created_at=now())
    try:
        with db.session.begin_nested():
            db.session.add(rating)
    except IntegrityError:
        raise Refused([_("Hồ sơ này đã được đánh giá.")]) from None
    summary.rating(dossier, rating)
    return rating


def counts() -> dict[str, int]:
    """How many ratings of each level."""
    return dict(db.session.execute(db.select(Rating.level, db.func.count()).group_by(Rating.level)).all())


def newest(size: int, before: int | None = None) -> list[Rating]:
    """A page of ratings, newest first (keyset: `before` is the last id seen)."""
    query = db.select(Rating).options(joinedload(Rating.dossier)).order_by(Rating.id.desc()).limit(size)
    if before:
        query = query.where(Rating.id < before)
    return db.session.execute(query).scalars().all()
