"""What must never happen is refused by the database itself, not only by the code."""
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import Enterprise, IssuedDocument, User
from portal.engine import Conflict, fire
from procedures import APPLICANT, SPECIALIST
from tests.builders import drive, make_dossier, make_enterprise, make_issued


def refused_by_database(*rows):
    db.session.add_all(rows)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_licence_number_is_never_given_twice(actors):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    other = make_dossier("bl_grant", actors[APPLICANT])
    refused_by_database(IssuedDocument(kind="business_licence", number=licence.number, dossier_id=other.id,
                                        enterprise_id=other.enterprise_id,
                                        valid_from=date(2026, 1, 1), valid_until=date(2036, 1, 1)))


def test_a_dossier_yields_at_most_one_issued_document(actors):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    refused_by_database(IssuedDocument(kind="business_licence", number="GPKD-2026-99999", dossier_id=licence.dossier_id,
                                        enterprise_id=licence.enterprise_id,
                                        valid_from=date(2026, 1, 1), valid_until=date(2036, 1, 1)))


def test_dossier_codes_are_unique(actors):
    first = drive(make_dossier("id_grant", actors[APPLICANT]), actors, "submit")
    db.session.commit()
    second = make_dossier("id_grant", actors[APPLICANT])
    second.code = first.code
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_rows_cannot_point_nowhere(app):
    refused_by_database(User(email="x@example.vn", full_name="X", password_hash="x",
                             role=APPLICANT, enterprise_id=999))


def test_an_identifier_registers_once_for_each_kind_of_applicant(app):
    db.session.add(Enterprise(code="0101234567", name="A", address="B", legal_representative="C"))
    refused_by_database(Enterprise(code="0101234567", name="D", address="E", legal_representative="F"))


def test_an_applicant_belongs_to_an_enterprise_and_an_officer_does_not(app):
    refused_by_database(User(email="a@example.vn", full_name="A", password_hash="x", role=APPLICANT))
    refused_by_database(User(email="s@example.vn", full_name="S", password_hash="x",
                             role=SPECIALIST, enterprise=make_enterprise()))


def test_the_engine_refuses_a_stale_copy_of_a_dossier(actors):
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    db.session.commit()
    # Another officer's transaction moves it meanwhile.
    db.session.execute(sa.text("UPDATE dossiers SET version = version + 1 WHERE id = :id"),
                       {"id": dossier.id})
    with pytest.raises(Conflict):
        fire(dossier, "submit", actors[APPLICANT])
