"""Procedures change by versions: each takes effect on a date, a dossier keeps the version it
was submitted under, new dossiers take the version in force, and the catalogue shows it."""
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from portal.engine import Refused
from portal.extensions import db
from portal.infra import workdays
from portal.infra.workdays import add_working_days
from procedures import APPLICANT, PROCEDURES, Label, LegalText, Revision
from procedures._base import Fee, Requirement
from procedures._common import LAW_116, LAW_116_TEXT
from tests.builders import drive, make_dossier, make_ready

BEFORE, NEW_TERMS = date(2027, 2, 22), date(2027, 3, 1)  # two Mondays
PLAN = Requirement("response_plan", Label("Phương án ứng cứu sự cố (thử nghiệm)", "Incident response plan (test)"))


@pytest.fixture
def new_version(monkeypatch):
    """bl_grant gains a version from NEW_TERMS: one more document, 20 working days, a new fee."""
    p = PROCEDURES["bl_grant"]
    revision = Revision(NEW_TERMS, checklist=(*p.checklist, PLAN),
                        time_limits=replace(p.time_limits, handling=20), fee=Fee(9_000_000),
                        legal_basis=(LegalText(Label("Văn bản thử nghiệm", "A test text")),))
    monkeypatch.setitem(PROCEDURES, "bl_grant", replace(p, revisions=(*p.revisions, revision)))


@pytest.fixture
def on(monkeypatch):
    return lambda day: monkeypatch.setattr(workdays, "today", lambda: day)


def catalogue(client) -> str:
    return client.get("/procedures/bl_grant").get_data(as_text=True)


def test_old_dossiers_keep_their_version_and_new_ones_take_the_new_one_once_in_force(
        new_version, on, actors, client):
    on(BEFORE)
    old = make_ready("bl_grant", actors)
    drive(old, actors, "submit")
    draft = make_ready("bl_grant", actors)  # started before the new version, sent after
    assert old.procedure_version == LAW_116.isoformat()
    assert "8.000.000" in catalogue(client) and "9.000.000" not in catalogue(client)

    on(NEW_TERMS)
    shown = catalogue(client)
    assert "9.000.000" in shown and "01/03/2027" in shown and "Văn bản thử nghiệm" in shown
    assert "9.000.000" in client.get("/").get_data(as_text=True)
    with pytest.raises(Refused, match="Phương án ứng cứu sự cố"):
        drive(draft, actors, "submit")  # the new version's checklist asks for one more document
    new = make_ready("bl_grant", actors)
    drive(new, actors, "submit")
    assert new.procedure_version == NEW_TERMS.isoformat() and PLAN in new.rules.checklist

    drive(old, actors, "return_for_correction", "resubmit", "accept")  # the old checklist still holds
    drive(new, actors, "accept")
    assert old.procedure_version == LAW_116.isoformat() and PLAN not in old.rules.checklist
    assert old.due_on == add_working_days(NEW_TERMS, 15)
    assert new.due_on == add_working_days(NEW_TERMS, 20)


def test_before_its_first_date_a_procedure_offers_its_first_version(on, client):
    on(date(2024, 6, 3))
    assert PROCEDURES["bl_grant"].in_force(workdays.today()) == PROCEDURES["bl_grant"].versions[0]


@pytest.mark.parametrize("code", list(PROCEDURES))
def test_from_1_july_2026_law_116_is_cited_and_every_older_text_is_marked_unconfirmed(code):
    p = PROCEDURES[code]
    before, after = p.in_force(date(2026, 6, 30)), p.in_force(LAW_116)
    assert after.effective_from == LAW_116 and after.note is not None
    assert after.legal_basis[0] == LAW_116_TEXT and LAW_116_TEXT not in before.legal_basis
    assert [t.label for t in after.legal_basis[1:]] == [t.label for t in before.legal_basis]
    assert not any(t.confirmed for t in after.legal_basis[1:])
    assert (after.checklist, after.time_limits, after.fee) == (before.checklist, before.time_limits, before.fee)


def test_the_catalogue_marks_what_is_not_confirmed_under_the_law_in_force(on, client):
    on(date(2026, 6, 29))
    shown = catalogue(client)
    assert "116/2025/QH15" not in shown and shown.count("class=\"unconfirmed\"") == 1  # the fee circular
    on(date(2026, 7, 1))
    shown = catalogue(client)
    assert "Luật An ninh mạng số 116/2025/QH15" in shown and "01/07/2026" in shown
    assert shown.count("class=\"unconfirmed\"") == 3  # Law 86/2015, Decree 108/2016, the fee circular


def test_the_database_refuses_a_submitted_dossier_without_its_version(actors):
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    dossier.code = "ATTT-V-000001"
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
