"""Decree 108/2016 Art. 10: an enterprise asked to supplement its business-licence dossier
may ask in writing for more time; the specialist grants it once, with a new date, or refuses
it with a reason. Told as their story, through the pages they use."""
import pytest

from portal.dossiers import clock
from portal.extensions import db
from portal.infra import workdays
from portal.infra.workdays import add_working_days
from portal.engine import Refused, fire
from portal.models import Dossier, OutboxMessage
from procedures import APPLICANT, PROCEDURES, SPECIALIST
from tests.builders import drive, make_dossier


def _asked_to_supplement(actors) -> Dossier:
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    drive(dossier, actors, "submit", "accept")
    drive(dossier, actors, "request_supplement", note="Bổ sung bản sao văn bằng của kỹ sư.")
    db.session.commit()
    return dossier


def _post(client, dossier: Dossier, url: str, **data):
    data["version"] = db.session.get(Dossier, dossier.id).version
    response = client.post(url, data=data, follow_redirects=True)
    db.session.expire_all()
    return response.get_data(as_text=True)


def _ask(client, auth, actors, dossier, until):
    auth.login(actors[APPLICANT].email)
    shown = _post(client, dossier, f"/applicant/dossiers/{dossier.id}/actions/request_extension",
                  note="Kỹ sư đang công tác nước ngoài, cần thêm thời gian công chứng văn bằng.",
                  until=until.isoformat())
    auth.logout()
    return shown


def _decide(client, auth, actors, dossier, action, **data):
    auth.login(actors[SPECIALIST].email)
    shown = _post(client, dossier, f"/officer/dossiers/{dossier.id}/actions/{action}", **data)
    auth.logout()
    return shown


def _mail_to_applicant() -> str:
    return db.session.execute(db.select(OutboxMessage.body).order_by(OutboxMessage.id.desc())).scalars().first()


def test_the_specialist_grants_more_time_once_and_the_deadline_moves(actors, client, auth):
    dossier = _asked_to_supplement(actors)
    deadline = add_working_days(workdays.today(), 10)
    remaining, result_due = dossier.clock_remaining, dossier.result_due
    assert dossier.due_on == clock.supplement_deadline(dossier) == deadline
    auth.login(actors[APPLICANT].email)
    assert deadline.strftime("%d/%m/%Y") in client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    auth.logout()

    asked = add_working_days(deadline, 10)
    _ask(client, auth, actors, dossier, asked)
    dossier = db.session.get(Dossier, dossier.id)
    assert dossier.state == "extension_requested" and dossier.events[-1].until == asked

    auth.login(actors[SPECIALIST].email)
    officer_page = client.get(f"/officer/dossiers/{dossier.id}").get_data(as_text=True)
    assert f'value="{asked.isoformat()}"' in officer_page  # offered with the date asked for
    auth.logout()
    given = add_working_days(deadline, 5)
    _decide(client, auth, actors, dossier, "grant_extension", until=given.isoformat())
    dossier = db.session.get(Dossier, dossier.id)
    assert dossier.state == "supplement_requested"
    assert dossier.due_on == clock.supplement_deadline(dossier) == given
    # The officers' clock stays paused with what it had left; the result date waits for it.
    assert (dossier.clock_remaining, dossier.result_due) == (remaining, result_due)
    assert [(e.action, e.until) for e in dossier.events[-2:]] == [
        ("request_extension", asked), ("grant_extension", given)]
    assert given.strftime("%d/%m/%Y") in _mail_to_applicant()

    auth.login(actors[APPLICANT].email)
    shown = client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Gia hạn thời hạn bổ sung" in shown and "Kỹ sư đang công tác nước ngoài" in shown
    assert f"đến hết {given.strftime('%d/%m/%Y')}" in shown
    auth.logout()
    refused = _ask(client, auth, actors, dossier, add_working_days(given, 5))
    assert "đã được gia hạn một lần" in refused
    assert db.session.get(Dossier, dossier.id).state == "supplement_requested"


def test_the_dossier_is_deemed_abandoned_only_after_the_extended_date(actors, monkeypatch):
    dossier = _asked_to_supplement(actors)
    deadline = clock.supplement_deadline(dossier)
    given = add_working_days(deadline, 3)
    fire(dossier, "request_extension", actors[APPLICANT], note="Xin thêm thời gian.", until=given)
    fire(dossier, "grant_extension", actors[SPECIALIST], until=given)
    monkeypatch.setattr(workdays, "today", lambda: add_working_days(deadline, 1))
    with pytest.raises(Refused) as refused:
        fire(dossier, "abandon", actors[SPECIALIST], note="Quá hạn")
    assert given.strftime("%d/%m/%Y") in refused.value.reasons[0]
    monkeypatch.setattr(workdays, "today", lambda: add_working_days(given, 1))
    fire(dossier, "abandon", actors[SPECIALIST], note="Quá hạn bổ sung đã gia hạn")
    assert dossier.state == "abandoned"


def test_a_refusal_gives_the_reason_and_keeps_the_deadline(actors, client, auth):
    dossier = _asked_to_supplement(actors)
    deadline = dossier.due_on
    _ask(client, auth, actors, dossier, add_working_days(deadline, 5))
    _decide(client, auth, actors, dossier, "refuse_extension",
            note="Văn bằng có thể nộp bản sao điện tử; không cần thêm thời gian.")
    dossier = db.session.get(Dossier, dossier.id)
    assert dossier.state == "supplement_requested" and dossier.due_on == deadline
    assert "không cần thêm thời gian" in _mail_to_applicant()
    assert [e.action for e in dossier.events[-2:]] == ["request_extension", "refuse_extension"]


def test_the_applicant_may_still_answer_while_the_request_waits(actors):
    dossier = _asked_to_supplement(actors)
    remaining = dossier.clock_remaining
    fire(dossier, "request_extension", actors[APPLICANT], note="Xin thêm thời gian.",
         until=add_working_days(dossier.due_on, 5))
    fire(dossier, "answer_supplement", actors[APPLICANT], note="Đã bổ sung kịp.")
    assert dossier.state == "in_appraisal"
    assert dossier.due_on == dossier.result_due == add_working_days(workdays.today(), remaining)


@pytest.mark.parametrize("until, reason", [
    (None, "sau thời hạn bổ sung hiện tại"),
    ("the deadline", "sau thời hạn bổ sung hiện tại"),
])
def test_more_time_means_a_working_day_after_the_deadline(actors, until, reason):
    dossier = _asked_to_supplement(actors)
    day = dossier.due_on if until else None
    with pytest.raises(Refused) as refused:
        fire(dossier, "request_extension", actors[APPLICANT], note="Xin thêm.", until=day)
    assert reason in refused.value.reasons[0]


def test_more_time_is_asked_for_before_the_deadline_passes(actors, monkeypatch):
    dossier = _asked_to_supplement(actors)
    deadline = dossier.due_on
    monkeypatch.setattr(workdays, "today", lambda: add_working_days(deadline, 1))
    with pytest.raises(Refused) as refused:
        fire(dossier, "request_extension", actors[APPLICANT], note="Xin thêm.",
             until=add_working_days(deadline, 5))
    assert "đã hết" in refused.value.reasons[0]


@pytest.mark.parametrize("code", list(PROCEDURES))
def test_more_time_exists_where_the_law_sets_a_deadline_to_supplement(code):
    procedure = PROCEDURES[code]
    actions = {t.action for t in procedure.flow.transitions}
    has_deadline = procedure.time_limits.supplement_answer is not None
    assert ({"request_extension", "grant_extension", "refuse_extension"} <= actions) == has_deadline
