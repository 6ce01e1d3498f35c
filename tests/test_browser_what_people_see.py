"""What people see, in a real browser at a desktop's width (1280 px) and a phone's (375 px):
the applicant's dossier page with its way to the result, an upload with a progress bar per
file, the officer's review beside the document (J for the next one) and the leader's draft;
each passes axe-core and fits the screen. And the forms without JavaScript: an application
filed with several files in one upload.

Screenshots land in the repository's instance/screenshots/what_people_see/<width>/.
"""
import io
import shutil
import time

import pikepdf
import pytest
import pypdfium2

from portal.extensions import db
from portal.infra import files
from portal.models import Dossier
from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import drive, make_dossier, make_ready, make_user
from tests.test_browser_journeys import (Journey, aside, browser, fill_application, pytestmark,  # noqa: F401
                                         server, sign_in, state)

WIDTHS = {"desktop": (1280, 900), "phone": (375, 800)}


def pdf_of(pages: int, padding: int = 0) -> bytes:
    """A real PDF of blank pages; `padding` bytes of an unused stream make it heavy to send."""
    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page(page_size=(595, 842))
    if padding:
        document.Root.Padding = document.make_stream(bytes(padding))
    out = io.BytesIO()
    document.save(out, compress_streams=False)
    return out.getvalue()


def until(page, expression: str, seconds: float = 30) -> None:
    """Wait for `expression` to hold (wait_for_function evaluates strings, which the CSP forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never held: {expression}"
        page.wait_for_timeout(20)


def fits(page) -> bool:
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def scene(app, tmp_path):
    """An enterprise with a dossier in appraisal (three-page scans), one awaiting the leader,
    and an empty draft to upload to; the officers who handle them."""
    people = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST),
              LEADER: make_user(LEADER)}
    made = {}

    def build():  # letters are signed on the way, which Playwright's event loop forbids here
        scans = files.store_upload(pdf_of(3))
        reviewed = drive(make_ready("bl_grant", people), people, "submit", "accept")
        for upload in reviewed.uploads:
            upload.sha256 = scans
        deciding = drive(make_ready("bl_grant", people), people, "submit", "accept", "propose_grant")
        draft = make_dossier("bl_grant", people[APPLICANT], complete=False)
        db.session.commit()
        made.update(reviewed=reviewed.id, deciding=deciding.id, draft=draft.id)
    aside(build)
    # The served portal keeps its files under its own instance folder (tests/test_browser_journeys.py).
    shutil.copytree(files.folders()[files.UPLOADS], tmp_path / "server" / files.UPLOADS, dirs_exist_ok=True)
    return {"people": people, **made}


@pytest.mark.parametrize("width", WIDTHS)
def test_each_role_sees_its_pages_at_desktop_and_phone_widths(scene, server, browser, width):
    journey = Journey(browser, server, f"what_people_see/{width}")
    people = scene["people"]

    def person():
        page = journey.person()
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width])))
        return page

    # The enterprise sees where its dossier is on the way to the licence.
    me = person()
    sign_in(me, people[APPLICANT].email)
    me.goto(f"/applicant/dossiers/{scene['reviewed']}")
    current = me.locator('ol.steps li[aria-current="step"]')
    assert "Đang thẩm định" in current.inner_text() and "Chờ: Chuyên viên" in current.inner_text()
    assert me.locator("ol.steps li.ahead").last.inner_text().count("Đã cấp") == 1
    journey.shot(me, "applicant dossier")
    journey.audit(me, f"applicant dossier {width}")
    assert fits(me), "the applicant's dossier page scrolls sideways"
    me.emulate_media(media="print")  # on paper: the way and the facts, no buttons
    assert me.locator("ol.steps").is_visible() and me.locator("table.checklist").is_visible()
    assert not me.locator("form.action button").first.is_visible()
    journey.shot(me, "applicant dossier printed")
    me.emulate_media(media="screen")

    # It drops two files on an item; each shows its own progress while the upload travels.
    me.goto(f"/applicant/dossiers/{scene['draft']}/edit")
    row = me.locator("#item-staff_qualifications")
    assert row.locator(".drop-hint").count() == 1
    cdp = me.context.new_cdp_session(me)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                   "downloadThroughput": -1, "uploadThroughput": 400_000})
    row.locator("input[type=file]").set_input_files([
        {"name": "bang-ky-su.pdf", "mimeType": "application/pdf", "buffer": pdf_of(1, 1_500_000)},
        {"name": "chung-chi.pdf", "mimeType": "application/pdf", "buffer": pdf_of(2, 300_000)}])
    with me.expect_navigation(timeout=60_000):
        row.locator("button[type=submit]").click()
        bars = row.locator("ul.uploading progress")
        until(me, "[...document.querySelectorAll('#item-staff_qualifications progress')]"
                  ".some(bar => bar.value > 0 && bar.value < 100)")
        assert bars.count() == 2
        journey.shot(me, "upload in progress")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                   "downloadThroughput": -1, "uploadThroughput": -1})
    assert me.locator("#item-staff_qualifications a", has_text="bang-ky-su.pdf").count() == 1
    assert me.locator("#item-staff_qualifications a", has_text="chung-chi.pdf").count() == 1
    journey.shot(me, "uploaded")
    journey.audit(me, f"application form {width}")
    assert fits(me), "the application form scrolls sideways"

    # The specialist reads the first scan beside the checklist, then J opens the next one.
    specialist = person()
    sign_in(specialist, people[SPECIALIST].email)
    specialist.goto(f"/officer/dossiers/{scene['reviewed']}")
    specialist.locator("#preview a", has_text="Xem tệp đầu tiên").click()
    specialist.wait_for_load_state()
    first = specialist.url
    assert specialist.locator("#preview img.page").count() == 3
    until(specialist, "[...document.querySelectorAll('#preview img.page')].slice(0, 1)"
                      ".every(image => image.complete && image.naturalWidth > 0)")
    journey.shot(specialist, "officer review")
    journey.audit(specialist, f"officer review {width}")
    assert fits(specialist), "the review page scrolls sideways"
    with specialist.expect_navigation():
        specialist.keyboard.press("j")
    assert specialist.url != first and "upload=" in specialist.url
    with specialist.expect_navigation():
        specialist.keyboard.press("k")
    assert specialist.url == first

    # The leader reads the draft of the licence the approval would issue.
    leader = person()
    sign_in(leader, people[LEADER].email)
    leader.goto(f"/officer/dossiers/{scene['deciding']}")
    link = leader.locator('a[href$="/draft.pdf"]')
    assert link.count() == 1
    journey.shot(leader, "leader dossier")
    journey.audit(leader, f"leader dossier {width}")
    draft = leader.request.get(link.get_attribute("href"))
    assert draft.ok and draft.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(draft.body())
    assert "DỰ THẢO" in document[0].get_textpage().get_text_range()
    journey.step += 1
    document[0].render(scale=1.2).to_pil().save(journey.folder / f"{journey.step:02d}-leader preview.png")
    document.close()

    assert not journey.violations, journey.violations
    assert not journey.errors, journey.errors  # no script error, nothing the CSP blocked


def test_an_application_is_filed_with_several_files_and_no_javascript(scene, server, browser):
    journey = Journey(browser, server, "what_people_see/no_javascript")
    context = browser.new_context(base_url=server, java_script_enabled=False)
    me = context.new_page()
    sign_in(me, scene["people"][APPLICANT].email)
    me.goto("/procedures/bl_grant")
    me.locator("a.button", has_text="Nộp hồ sơ trực tuyến").click()
    me.wait_for_load_state()
    me.locator('form[method=post][action$="/apply/bl_grant"] button').click()
    me.wait_for_url("**/edit")
    dossier_id = int(me.url.split("/dossiers/")[1].split("/")[0])
    procedure = PROCEDURES["bl_grant"]
    fill_application(me, procedure)
    me.locator("button[name=save]").click()
    me.wait_for_load_state()
    uploaded = [r for r in procedure.checklist if not r.form]  # the portal fills in the forms
    for r in uploaded:
        row = me.locator(f"#item-{r.key}")
        row.locator("input[type=file]").set_input_files([
            {"name": f"{r.key}-{n}.pdf", "mimeType": "application/pdf", "buffer": pdf_of(n)} for n in (1, 2)])
        with me.expect_navigation():
            row.locator("button[type=submit]").click()
        assert row.locator("a", has_text=f"{r.key}-2.pdf").count() == 1
    assert me.locator(".drop-hint").count() == 0  # the script never ran
    journey.shot(me, "application without javascript")
    me.locator('form[action$="/actions/submit"] button').click()
    me.wait_for_load_state()
    journey.shot(me, "receipt without javascript")
    assert state(dossier_id) == "submitted"
    db.session.expire_all()
    assert len(db.session.get(Dossier, dossier_id).uploads) == 2 * len(uploaded)
    context.close()
