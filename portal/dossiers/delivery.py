"""How a dossier's result reaches the applicant: the applicant chooses (online by default, the
counter, or the post with an address) until a paper copy leaves the office; an officer records
the hand-over or the postal item's number, once."""
from flask_babel import gettext as _

from procedures import PROCEDURES
from procedures.delivery import DEFAULT_DELIVERY, DELIVERY_METHODS

from portal.engine import Refused
from portal.extensions import db
from portal.infra import audit
from portal.models import Delivery, Dossier, User, now


def of(dossier: Dossier) -> Delivery:
    """The applicant's choice; the default (online) while none is stored."""
    return dossier.delivery or Delivery(dossier_id=dossier.id, method=DEFAULT_DELIVERY, address="", proof="")


def choose(dossier: Dossier, method: str, address: str) -> Delivery:
    """Keep the applicant's choice; refused once a paper copy has left the office."""
    delivery = of(dossier)
    if delivery.handed_at is not None:
        raise Refused([_("Kết quả đã được trao, không thay đổi được cách nhận.")])
    if DELIVERY_METHODS[method].needs_address and not address.strip():
        raise Refused([_("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")])
    delivery.method = method
    delivery.address = address.strip() if DELIVERY_METHODS[method].needs_address else ""
    db.session.add(delivery)
    return delivery


def awaiting_hand_over(dossier: Dossier, delivery: Delivery) -> bool:
    """A paper copy to hand over or post: the dossier has ended and nothing is recorded yet."""
    return (delivery.kind.proof is not None and delivery.handed_at is None
            and PROCEDURES[dossier.procedure].flow.state(dossier.state).final)


def hand_over(dossier: Dossier, officer: User, proof: str) -> None:
    """Record the hand-over or posting, once: a second click, or a second officer, is refused."""
    delivery = of(dossier)
    if delivery.id is None or not awaiting_hand_over(dossier, delivery):
        raise Refused([_("Không có kết quả bản giấy nào đang chờ trao cho hồ sơ này.")])
    done = db.session.execute(
        db.update(Delivery).where(Delivery.id == delivery.id, Delivery.handed_at.is_(None))
        .values(handed_at=now(), proof=proof.strip(), recorded_by_id=officer.id)).rowcount
    if not done:
        raise Refused([_("Việc trao kết quả đã được ghi nhận.")])
    db.session.expire(delivery)
    audit.record("result_handed_over", f"dossier:{dossier.id}", method=delivery.method, proof=proof.strip())
