"""An identifier name belongs to one holder at a time: allocated when a leader approves the
grant, given back when the certificate is revoked or the grant withdrawn before payment."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import IdentifierName, IssuedDocument
from tests.builders import revoke
from portal.engine import Refused
from procedures import APPLICANT, LEADER
from tests.builders import drive, make_dossier, make_issued, make_user, path_to_issued

TO_APPROVAL = path_to_issued("id_grant")[:path_to_issued("id_grant").index("approve")]


def holders(name: str) -> list[int]:
    db.session.expire_all()
    return [row.enterprise_id for row in db.session.query(IdentifierName).filter_by(name=name)]


def applying(actors, enterprise_staff=None):
    """A SAOVIET grant by a new enterprise, waiting for the leader's approval."""
    staff = enterprise_staff or make_user(APPLICANT)
    return drive(make_dossier("id_grant", staff), {**actors, APPLICANT: staff}, *TO_APPROVAL)


def test_of_two_enterprises_asking_for_one_name_the_second_approval_is_refused(actors, client, auth):
    first, second = applying(actors), applying(actors)  # both passed submission: nobody had it
    drive(first, actors, "approve")
    db.session.commit()
    assert first.state == "awaiting_payment" and holders("SAOVIET") == [first.enterprise_id]
    with pytest.raises(Refused, match="đã được cấp cho chủ thể khác"):
        drive(second, actors, "approve")
    db.session.rollback()
    assert second.state == "pending_approval"
    auth.login(actors[LEADER].email)  # and the leader reads why before pressing the button
    page = client.get(f"/officer/dossiers/{second.id}").get_data(as_text=True)
    assert "Tên định danh SAOVIET đã được cấp cho chủ thể khác." in page


def test_a_grant_withdrawn_before_payment_gives_the_name_back(actors):
    first, second = applying(actors), applying(actors)
    drive(first, actors, "approve")
    drive(first, {APPLICANT: first.created_by}, "withdraw")
    drive(second, actors, "approve")
    db.session.commit()
    assert holders("SAOVIET") == [second.enterprise_id]


def test_revocation_frees_the_name_and_renewal_keeps_it(actors):
    certificate = make_issued("identifier_certificate", actors)
    renewal = make_dossier("id_renew", actors[APPLICANT], subject=certificate)
    drive(renewal, actors, *path_to_issued("id_renew"))
    db.session.commit()
    assert holders("SAOVIET") == [actors[APPLICANT].enterprise_id]
    renewed = db.session.query(IssuedDocument).filter_by(dossier_id=renewal.id).one()
    revoke(renewed, actors[LEADER], "holder_request")
    db.session.commit()
    assert holders("SAOVIET") == []


def test_the_database_refuses_a_second_holder_for_a_name(actors):
    dossier = make_dossier("id_grant", actors[APPLICANT])
    other = make_dossier("id_grant", make_user(APPLICANT))
    db.session.add(IdentifierName(name="SAOVIET", enterprise_id=dossier.enterprise_id, dossier=dossier))
    db.session.commit()
    db.session.add(IdentifierName(name="SAOVIET", enterprise_id=other.enterprise_id, dossier=other))
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_upgrading_allocates_the_names_on_certificates_still_in_force(app, actors):
    in_force = make_issued("identifier_certificate", actors)  # SAOVIET
    gone = make_issued("identifier_certificate", {**actors, APPLICANT: make_user(APPLICANT)},
                       identifier_names=["CU"])
    revoke(gone, actors[LEADER], "holder_request")
    holder = in_force.enterprise_id
    db.session.commit()
    db.session.close()
    downgrade(revision="9b2c4d1e7a30")  # before the table existed
    upgrade()
    assert {row.name: row.enterprise_id for row in db.session.query(IdentifierName)} == {"SAOVIET": holder}
