"""What the authority writes is fixed when it is written: each letter and decision is
numbered in its series, signed and stored at its event, and reads the same a month later."""
from datetime import timedelta
from io import BytesIO

import pytest

from portal.documents import letters, signing
from portal.engine import fire
from portal.extensions import db
from portal.infra import workdays
from portal.models import IssuedLetter
from procedures import APPLICANT, LEADER
from tests.builders import drive, make_issued, make_ready

pytestmark = pytest.mark.reads_pdfs  # they read what the PDFs say


def test_a_letter_downloaded_a_month_later_is_the_same_bytes(actors, client, auth, monkeypatch):
    dossier = make_ready("bl_grant", actors)
    drive(dossier, actors, "submit", "accept", "request_supplement", note="Thiếu phương án kỹ thuật.")
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    first = client.get(f"/dossiers/{dossier.id}/letters/supplementation.pdf").data
    later = workdays.today() + timedelta(days=31)
    monkeypatch.setattr(workdays, "today", lambda: later)
    assert client.get(f"/dossiers/{dossier.id}/letters/supplementation.pdf").data == first
    assert signing.signature_problems(first) == []
    acknowledgement = letters.stored(letters.latest("acknowledgement", dossier))
    assert signing.signature_problems(acknowledgement) == []


def test_each_letter_has_its_own_number_in_its_series(actors):
    dossier = make_ready("bl_grant", actors)
    drive(dossier, actors, "submit", "return_for_correction", "resubmit", "accept",
          "request_supplement")
    numbers = [(r.name, r.number) for r in letters.written(dossier)]
    assert numbers == [("acknowledgement", "1/PXN-ANM"), ("supplementation", "1/PYC-ANM"),
                       ("acknowledgement", "2/PXN-ANM"), ("receipt", "1/GTN-ANM"),
                       ("supplementation", "2/PYC-ANM")]
    assert [r.code for r in letters.written(dossier)][1] == f"PYC-ANM-{workdays.today().year}-00001"


def test_a_suspension_decision_states_its_period_and_ground_and_is_verifiable(actors, client):
    licence = make_issued("business_licence", actors)
    until = workdays.today() + timedelta(days=45)
    fire(licence, "suspend", actors[LEADER], note="Kết luận thanh tra số 7",
         ground="condition_lost", until=until)
    db.session.commit()
    decision = letters.latest("suspension", licence.dossier)
    assert decision.number.endswith("/QĐ-ANM") and decision.document_id == licence.id
    page = client.get(f"/verify/{decision.code}").get_data(as_text=True)
    assert "Quyết định tạm đình chỉ" in page and licence.number in page and "Bị tạm đình chỉ" in page
    stored = letters.stored(decision)
    answer = client.post(f"/verify/{decision.code}",
                         data={"pdf": (BytesIO(stored), "quyet-dinh.pdf")}).get_data(as_text=True)
    assert "trùng khớp từng byte" in answer
    fire(licence, "lift", actors[LEADER], note="Đã khắc phục")
    db.session.commit()
    lifting = letters.latest("lifting", licence.dossier)
    page = client.get(f"/verify/{lifting.code}").get_data(as_text=True)
    assert "Quyết định chấm dứt tạm đình chỉ" in page and "Còn hiệu lực" in page


def test_letters_of_events_before_letters_were_kept_are_written_once_by_a_command(actors, runner):
    dossier = make_ready("bl_grant", actors)
    drive(dossier, actors, "submit", "accept", "propose_refusal", "refuse")
    db.session.execute(db.delete(IssuedLetter))  # as an upgraded database has them: none
    db.session.commit()
    result = runner.invoke(args=["documents", "write-letters"])
    assert result.exit_code == 0 and "3 letters written" in result.output
    assert sorted(r.name for r in letters.written(dossier)) == ["acknowledgement", "receipt", "refusal"]
    assert "0 letters written" in runner.invoke(args=["documents", "write-letters"]).output
