"""Once a dossier has its result the applicant rates the service (three levels and a comment,
once); leaders read the ratings with the count of each level."""
import pytest
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import Rating
from procedures import APPLICANT, LEADER, SPECIALIST
from tests.builders import drive, make_dossier, make_user, path_to_issued


CHOICE_REFUSED = "Vui lòng chọn một trong ba mức độ hài lòng."


@pytest.fixture
def office(app):
    actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    db.session.commit()
    return actors


def finished(office, procedure="id_grant"):
    dossier = make_dossier(procedure, office[APPLICANT])
    drive(dossier, office, *path_to_issued(procedure))
    db.session.commit()
    return dossier


def rate(client, dossier, level, comment=""):
    return client.post(f"/applicant/dossiers/{dossier.id}/rating", data={"level": level, "comment": comment},
                       follow_redirects=True).get_data(as_text=True)


def test_the_applicant_rates_a_finished_dossier_once_and_sees_the_rating(office, client, auth):
    dossier = finished(office)
    auth.login(office[APPLICANT].email)
    assert "Đánh giá chất lượng phục vụ" in client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)

    page = rate(client, dossier, "acceptable", "Xử lý đúng hạn, hướng dẫn rõ.")
    assert "Cảm ơn bạn đã đánh giá" in page and "Bạn đã đánh giá: Chấp nhận được." in page
    assert "Xử lý đúng hạn, hướng dẫn rõ." in page and 'name="level"' not in page
    assert "Hồ sơ này đã được đánh giá." in rate(client, dossier, "dissatisfied")  # a double click
    assert db.session.query(Rating).one().level == "acceptable"


def test_a_dossier_still_in_progress_cannot_be_rated(office, client, auth):
    dossier = make_dossier("id_grant", office[APPLICANT])
    drive(dossier, office, *path_to_issued("id_grant")[:1])
    db.session.commit()
    auth.login(office[APPLICANT].email)
    assert 'name="level"' not in client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Chỉ đánh giá được khi hồ sơ đã có kết quả." in rate(client, dossier, "satisfied")
    assert db.session.query(Rating).count() == 0


def test_a_level_outside_the_three_is_refused_with_a_message(office, client, auth):
    dossier = finished(office)
    auth.login(office[APPLICANT].email)
    page = rate(client, dossier, "excellent")
    assert CHOICE_REFUSED in page and 'name="level"' in page
    assert db.session.query(Rating).count() == 0


def test_another_enterprise_cannot_rate_the_dossier(office, client, auth):
    dossier = finished(office)
    stranger = make_user(APPLICANT)
    db.session.commit()
    auth.login(stranger.email)
    response = client.post(f"/applicant/dossiers/{dossier.id}/rating", data={"level": "dissatisfied"})
    assert response.status_code == 404 and db.session.query(Rating).count() == 0


def test_leaders_read_the_ratings_with_each_levels_count(office, client, auth):
    for level in ("satisfied", "satisfied", "dissatisfied"):
        db.session.add(Rating(dossier_id=finished(office).id, user_id=office[APPLICANT].id, level=level,
                              comment=f"Ý kiến {level}"))
    db.session.commit()
    auth.login(office[LEADER].email)
    page = client.get("/officer/ratings").get_data(as_text=True)
    counts = page.split("<tbody>")[1].split("</tbody>")[0]
    assert [c.strip() for c in counts.split("<td>")[1:]] == ["2</td>", "0</td>", "1</td></tr>"]
    assert "Ý kiến dissatisfied" in page and "Không hài lòng" in page


def test_specialists_do_not_see_the_ratings(office, client, auth):
    auth.login(office[SPECIALIST].email)
    assert client.get("/officer/ratings").status_code == 403
    assert "/officer/ratings" not in client.get("/officer/queues/intake").get_data(as_text=True)


def test_the_database_keeps_one_rating_a_dossier_and_only_known_levels(office):
    dossier = finished(office)
    for level in ("satisfied", "acceptable"):
        db.session.add(Rating(dossier_id=dossier.id, user_id=office[APPLICANT].id, level=level))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Rating(dossier_id=dossier.id, user_id=office[APPLICANT].id, level="excellent"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
