"""A leader reads the reports in a real browser: the dashboard with its charts and tables, a
procedure chosen, the XLSX downloaded; anyone reads the public statistics. The same chromium,
server and axe-core check as tests/test_browser_journeys.py."""
import io

import openpyxl

from portal.extensions import db
from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import drive, make_dossier, make_user, path_to_issued
from tests.test_browser_journeys import Journey, aside, browser, pytestmark, server, sign_in  # noqa: F401


def test_a_leader_reads_the_period_and_downloads_the_report(app, server, browser):
    actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    db.session.commit()
    for procedure in ("bl_grant", "id_grant"):
        aside(lambda: drive(make_dossier(procedure, actors[APPLICANT]), actors, *path_to_issued(procedure)))
    db.session.commit()
    journey = Journey(browser, server, "reports")

    leader = journey.person()
    sign_in(leader, actors[LEADER].email)
    leader.get_by_role("link", name="Báo cáo", exact=True).click()
    leader.wait_for_load_state()
    assert leader.locator("figure.chart svg").count() == 2
    assert leader.locator("figure.chart table").count() == 2
    journey.shot(leader, "dashboard")
    journey.audit(leader, "reports")
    leader.select_option("select[name=procedure]", "bl_grant")
    leader.locator("form.filters button[type=submit]").click()
    leader.wait_for_load_state()
    rows = leader.locator("table.figures caption:has-text('Theo thủ tục') + thead + tbody tr")
    assert rows.first.locator("th").inner_text() == PROCEDURES["bl_grant"].short_name.vi
    journey.shot(leader, "one procedure")
    with leader.expect_download() as download:
        leader.get_by_role("link", name="XLSX").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.worksheets[0]["B2"].value == 1  # the one bl_grant dossier received

    stranger = journey.person()
    stranger.goto("/statistics")
    assert "100.0%" in stranger.content()
    journey.shot(stranger, "statistics")
    journey.audit(stranger, "statistics")
    assert not journey.violations, journey.violations
    assert not journey.errors, journey.errors
