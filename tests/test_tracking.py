"""Anyone with a dossier's code and its applicant's identifier follows it from the home page:
the state, the date the result is due and the steps, never who handles it or what they wrote."""
import pytest

from portal.extensions import db
from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST
from procedures.applicants import DEPENDENT_UNIT, INDIVIDUAL
from tests.builders import drive, make_dossier, make_enterprise, make_user

SECRET_NOTE = "Ghi chú nội bộ: chờ ý kiến phòng kỹ thuật"


@pytest.fixture
def office(app):
    return {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST, full_name="Trần Thị Cán Bộ"),
            LEADER: make_user(LEADER)}


def handled(office, procedure="bl_grant"):
    """Submitted and taken to an internal step whose note the officers write for themselves."""
    dossier = make_dossier(procedure, office[APPLICANT])
    flow = PROCEDURES[procedure].flow
    drive(dossier, office, *flow.route(lambda t: t.internal and t.needs_note), note=SECRET_NOTE)
    db.session.commit()
    return dossier


def track(client, code, identifier):
    return client.get("/track", query_string={"code": code, "identifier": identifier})


def answer(response) -> str:
    """What the page says below the search form."""
    return response.get_data(as_text=True).split('class="track"')[1].split("</form>", 1)[1]


def test_the_home_page_leads_to_tracking(client):
    assert 'href="/track"' in client.get("/").get_data(as_text=True)


def test_the_code_and_the_identifier_show_state_due_date_and_steps_but_no_names_or_notes(office, client):
    dossier = handled(office)
    procedure = PROCEDURES[dossier.procedure]
    assert any(e.note == SECRET_NOTE for e in dossier.events)  # written, and not shown
    page = answer(track(client, dossier.code.lower(), f" {dossier.enterprise.code} "))

    assert procedure.flow.state(dossier.state).label.vi in page
    assert dossier.result_due.strftime("%d/%m/%Y") in page
    for event in dossier.events:
        assert procedure.flow.transition(event.action).label.vi in page
    assert SECRET_NOTE not in page and office[SPECIALIST].full_name not in page
    assert office[SPECIALIST].email not in page


def test_a_wrong_identifier_reads_exactly_like_a_wrong_code(office, client):
    dossier = handled(office)
    other = make_enterprise()
    db.session.commit()
    wrong_owner = answer(track(client, dossier.code, other.code))
    wrong_code = answer(track(client, dossier.code + "9", dossier.enterprise.code))
    assert "Không tìm thấy hồ sơ" in wrong_owner and dossier.code not in wrong_owner
    assert wrong_owner == wrong_code


def test_a_draft_has_no_code_and_cannot_be_tracked(office, client):
    make_dossier("bl_grant", office[APPLICANT])
    db.session.commit()
    assert "Không tìm thấy hồ sơ" in answer(track(client, "None", office[APPLICANT].enterprise.code))


@pytest.mark.parametrize("kind, code, written", [
    (INDIVIDUAL, "001203004567", "001 203 004 567"),
    (DEPENDENT_UNIT, "0101234567001", "0101234567-001"),
])
def test_applicants_other_than_enterprises_track_with_their_own_identifier(app, client, kind, code, written):
    holder = make_enterprise(applicant_type=kind, code=code, legal_representative="")
    office = {APPLICANT: make_user(APPLICANT, enterprise=holder), SPECIALIST: make_user(SPECIALIST),
              LEADER: make_user(LEADER)}
    dossier = handled(office, "id_grant")
    assert dossier.code in answer(track(client, dossier.code, written))


def test_tracking_is_rate_limited(app, client):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "tracking": "3 per minute"}
    statuses = [track(client, f"HS{n}", "0101234567").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
