"""Real-browser journeys (issue #8): Debian's chromium, driven by Playwright, against a real
server with CSRF on. For each service an enterprise registers, applies, answers the
officers, gets its document, and a stranger checks it through the QR code on the PDF.
Every main page also passes axe-core with no serious or critical violation.

Screenshots land in the repository's instance/screenshots/<service>/.
"""
import contextvars
import io
import os
import re
import shutil
import subprocess
import threading
import uuid
from pathlib import Path

import pytest

from portal.demo import SAMPLE_PDF
from portal.extensions import db
from portal.models import Dossier, User
from procedures import ACCOUNTANT, APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import PASSWORD, current_code, make_issued, make_user
from tests.servers import serve
from tests.test_fees import emvco
from tests.summary import count

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "instance" / "screenshots"
# Pages that look the same whatever the procedure: checked in the first journey only.
SHARED_PAGES = {"home", "login", "register", "dossiers", "officer queue", "public register"}
AUDITED: set[str] = set()
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.reads_pdfs,  # the journeys read the QR code of the document they download
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"no browser at {CHROMIUM} (Debian package chromium; `make install` adds it)"),
    pytest.mark.skipif(not AXE.exists(),
                       reason=f"axe-core missing at {AXE} (needs npm; `make install` fetches it)"),
]


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except playwright_api.Error as error:
            pytest.skip(f"{CHROMIUM} does not start: {error.message.splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture
def server(app, tmp_path, monkeypatch):
    yield from serve(app, tmp_path, monkeypatch)


@pytest.fixture
def provider():
    """The national identity provider, played by a real OpenID Connect server."""
    mock = pytest.importorskip("oidc_provider_mock")
    with mock.run_server_in_thread() as httpd:
        yield f"http://localhost:{httpd.server_port}"


@pytest.fixture
def server_with_provider(app, tmp_path, monkeypatch, provider):
    monkeypatch.setenv("PORTAL_OIDC_ISSUER", provider)
    monkeypatch.setenv("PORTAL_OIDC_CLIENT_ID", "cong-dvc-anm")
    monkeypatch.setenv("PORTAL_OIDC_CLIENT_SECRET", "bi-mat")
    yield from serve(app, tmp_path, monkeypatch)


class Journey:
    """Screenshots numbered in order, and an axe-core check of the pages that matter."""

    def __init__(self, browser, base: str, service: str):
        self.browser, self.base = browser, base
        self.folder = SCREENSHOTS / service
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.step = 0
        self.violations = {}
        self.errors = []

    def person(self):
        """A fresh browser context: one person, their own cookies. What the page reports
        as an error (a script error, a resource the CSP blocked) is kept for the end."""
        page = self.browser.new_context(base_url=self.base, accept_downloads=True).new_page()
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))
        return page

    def shot(self, page, name: str) -> None:
        self.step += 1
        page.screenshot(path=self.folder / f"{self.step:02d}-{name}.png", full_page=True)

    def audit(self, page, name: str) -> None:
        """axe-core on the page `page` shows, seen with its cookies. The CSP forbids the
        inline script add_script_tag injects, so this check alone runs in a context that
        bypasses it; the journeys themselves run with the CSP on."""
        if name in SHARED_PAGES and name in AUDITED:
            return
        AUDITED.add(name)
        context = self.browser.new_context(base_url=self.base, bypass_csp=True,
                                           storage_state=page.context.storage_state())
        try:
            probe = context.new_page()
            probe.goto(page.url)
            probe.add_script_tag(path=str(AXE))
            result = probe.evaluate("axe.run()")
        finally:
            context.close()
        bad = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            self.violations[name] = bad


def act(page, action: str, note: str | None = None) -> None:
    """Press the button of workflow action `action` on a dossier page, with its note."""
    form = page.locator(f'form[action$="/actions/{action}"]')
    if note is not None:
        form.locator("textarea[name=note]").fill(note)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def sign_in(page, email: str) -> None:
    """The password, then, where asked, the code the person's authenticator app shows."""
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if page.url.endswith("/auth/2fa/"):
        page.fill("#code", current_code(email))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()


def enrol(page, journey) -> None:
    """On the enrolment page: scan the QR code as a phone's authenticator app would, type the
    code the app then shows, and keep the recovery codes."""
    import pyotp
    import zxingcpp
    from PIL import Image
    journey.shot(page, "second factor enrolment")
    journey.audit(page, "second factor enrolment")
    image = Image.open(io.BytesIO(page.locator("img.qr").screenshot())).convert("L")
    uri = next(c.text for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode)
    assert uri.startswith("otpauth://totp/")
    page.fill("#code", pyotp.parse_uri(uri).now())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#recovery-codes li").count() == 10
    journey.shot(page, "recovery codes")


def fill_application(page, procedure) -> None:
    """Type a complete application into the form, field by field from the declaration."""
    from portal.demo import sample_form
    for decl in procedure.fields:
        value = sample_form(procedure)[decl.name]
        if decl.kind == "choice":
            page.select_option(f"#{decl.name}", value)
        elif decl.kind == "multichoice":
            for code in value:
                page.check(f'input[name="{decl.name}"][value="{code}"]')
        elif decl.kind == "product_lines":
            for i, line in enumerate(value):
                for key, v in line.items():
                    page.fill(f"#{decl.name}-{i}-{key}", str(v))
        elif decl.kind == "identifier_names":
            page.fill(f"#{decl.name}", "\n".join(value))
        else:
            page.fill(f"#{decl.name}", str(value))


def png() -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(out, "PNG")
    return out.getvalue()


def upload(page, key: str, types) -> None:
    """Upload a small valid file to checklist item `key`."""
    row = page.locator(f"#item-{key}")
    if "pdf" in types:
        payload = {"name": f"{key}.pdf", "mimeType": "application/pdf", "buffer": SAMPLE_PDF}
    else:
        payload = {"name": f"{key}.png", "mimeType": "image/png", "buffer": png()}
    row.locator("input[type=file]").set_input_files(payload)
    with page.expect_navigation():  # the upload script sends it, then opens the page it is told
        row.locator("button[type=submit]").click()
    assert page.locator(f"#item-{key} a", has_text=payload["name"]).count() >= 1


def qr_link(pdf: Path) -> str:
    """The URL in the PDF's QR code: each page rendered as a scanner would see it, then decoded."""
    import pypdfium2
    import zxingcpp
    document = pypdfium2.PdfDocument(str(pdf))
    codes = [c.text for page in document
             for c in zxingcpp.read_barcodes(page.render(scale=3).to_pil().convert("L"))
             if c.format == zxingcpp.BarcodeFormat.QRCode]
    document.close()
    assert codes, "no QR code found in the PDF"
    return codes[0]


def aside(work) -> None:
    """Run `work` in a thread of its own, with this context (app, session). Signing calls
    asyncio.run(), which refuses to run where Playwright's event loop already does."""
    errors = []

    def run():
        try:
            work()
        except BaseException as error:  # noqa: BLE001 -- handed back to the test's thread
            errors.append(error)
    thread = threading.Thread(target=contextvars.copy_context().run, args=(run,))
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def pay_by_transfer(me, journey, accountant, dossier_id: int) -> None:
    """The applicant's banking app scans the VietQR code on the dossier page and transfers;
    the bank's statement shows the credit; the accountant uploads it and it is matched."""
    import zxingcpp
    from PIL import Image
    me.goto(f"/applicant/dossiers/{dossier_id}")
    journey.shot(me, "fee owed")
    image = Image.open(io.BytesIO(me.locator("img.vietqr").screenshot())).convert("L")
    fields = emvco(next(c.text for c in zxingcpp.read_barcodes(image)))
    owed, reference = fields["54"], emvco(fields["62"])["08"]
    assert reference == me.locator("strong.reference").inner_text()
    statement = ("Số tham chiếu,Ngày giao dịch,Số tiền ghi có,Nội dung,Người chuyển\n"
                 f"FT{uuid.uuid4().hex[:10]},03/12/2026,{owed},{reference} chuyen phi,CONG TY\n")
    accountant.goto("/accountant/")
    accountant.locator("#statement").set_input_files(
        {"name": "sao-ke.csv", "mimeType": "text/csv", "buffer": statement.encode()})
    accountant.locator('form[action$="/statements"] button[type=submit]').click()
    accountant.wait_for_load_state()
    journey.shot(accountant, "reconciled")
    journey.audit(accountant, "reconciliation")
    assert "1 khớp" in accountant.locator("p.flash").inner_text()


def state(dossier_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Dossier, dossier_id).state


@pytest.mark.parametrize("code", ["bl_grant", "imp_grant", "id_grant"])
def test_a_new_enterprise_gets_its_document_and_a_stranger_verifies_it(app, server, browser, code,
                                                                       tmp_path):
    procedure = PROCEDURES[code]
    # The leader signs in for the first time and enrols a second factor on the way.
    staff = {SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER, totp_secret=None),
             ACCOUNTANT: make_user(ACCOUNTANT)}
    db.session.commit()
    journey = Journey(browser, server, code)
    by_fix = code == "id_grant"  # no supplementation: returned for correction instead
    by_person = code == "id_grant"  # identifier names are open to individuals (Decree 91/2020)

    # An enterprise opens its account.
    me = journey.person()
    me.goto("/")
    journey.shot(me, "home")
    journey.audit(me, "home")
    me.goto(f"/procedures/{code}")
    journey.audit(me, "procedure")
    me.goto("/auth/login")
    journey.audit(me, "login")
    me.goto("/auth/register")
    journey.audit(me, "register")
    email = f"{code}-{uuid.uuid4().hex[:8]}@example.vn"
    if by_person:  # a person registers with their citizen ID; nobody represents them
        me.check('input[name="applicant_type"][value="individual"]')
        who = {"code": f"{uuid.uuid4().int % 10**12:012d}", "name": "Lê Văn Cường",
               "address": "Số 9 Hàng Bạc, Hà Nội"}
    else:
        who = {"code": f"{uuid.uuid4().int % 10**10:010d}", "name": "Công ty TNHH Bảo mật Trình Duyệt",
               "address": "Số 2 Hàng Bài, Hà Nội", "legal_representative": "Trần Thị Bình"}
    for field, value in {**who, "full_name": "Lê Văn Cường", "email": email, "password": PASSWORD,
                         "confirm": PASSWORD}.items():
        me.fill(f"#{field}", value)
    journey.shot(me, "register")
    me.locator("main form button[type=submit]").click()
    me.wait_for_url("**/applicant/")
    journey.shot(me, "registered")
    journey.audit(me, "dossiers")

    if code == "imp_grant":  # the import group must be covered by an active business licence
        applicant = db.session.execute(db.select(User).where(User.email == email)).scalar_one()
        aside(lambda: make_issued("business_licence", {APPLICANT: applicant, **staff}))
        db.session.commit()

    # It applies.
    me.goto(f"/applicant/apply/{code}")
    me.locator(f'form[method=post][action$="/apply/{code}"] button').click()
    me.wait_for_url("**/edit")
    dossier_id = int(re.search(r"/dossiers/(\d+)/edit", me.url).group(1))
    fill_application(me, procedure)
    me.locator("button[name=save]").click()
    me.wait_for_load_state()
    for r in procedure.checklist:
        if r.form:  # the portal fills the statutory form in: the applicant reviews it
            form_pdf = me.request.get(me.locator(f'#item-{r.key} a[href$="/forms/{r.key}.pdf"]').get_attribute("href"))
            assert form_pdf.ok and form_pdf.body().startswith(b"%PDF")
        else:
            upload(me, r.key, r.types)
    journey.shot(me, "application")
    journey.audit(me, "application form")
    act(me, "submit")
    assert state(dossier_id) == "submitted"
    journey.shot(me, "submitted")
    journey.audit(me, "dossier")
    accountant = journey.person()
    sign_in(accountant, staff[ACCOUNTANT].email)
    if procedure.fee.due_before == "accept":  # the appraisal fee, with the application
        pay_by_transfer(me, journey, accountant, dossier_id)

    # A specialist asks for more (or returns it for correction).
    specialist = journey.person()
    sign_in(specialist, staff[SPECIALIST].email)
    assert specialist.url.endswith("/")  # signed in, with the code from the app
    specialist.goto("/officer/")
    journey.shot(specialist, "queue")
    journey.audit(specialist, "officer queue")
    specialist.goto(f"/officer/dossiers/{dossier_id}")
    claim = specialist.locator('form[action$="/claim"] button')
    if claim.count():
        claim.click()
        specialist.wait_for_load_state()
    journey.audit(specialist, "officer dossier")
    if by_fix:
        act(specialist, "return_for_correction", "Tên định danh cần ghi rõ số văn bằng nhãn hiệu.")
        assert state(dossier_id) == "returned"
    else:
        act(specialist, "accept")
        act(specialist, "request_supplement", "Đề nghị bổ sung bản sao giấy chứng nhận đăng ký doanh nghiệp.")
        assert state(dossier_id) == "supplement_requested"
    journey.shot(specialist, "asked")

    # The applicant answers.
    me.goto(f"/applicant/dossiers/{dossier_id}")
    if by_fix:
        me.goto(f"/applicant/dossiers/{dossier_id}/edit")
        me.fill("#trademark_reference", "4-0123456-000")
        me.locator("button[name=save]").click()
        me.wait_for_load_state()
        journey.shot(me, "corrected")
        act(me, "resubmit")
        assert state(dossier_id) == "submitted"
    else:
        first = next(r for r in procedure.checklist if not r.form)
        upload(me, first.key, first.types)
        journey.shot(me, "supplement")
        act(me, "answer_supplement", "Chúng tôi đã bổ sung tài liệu theo yêu cầu.")
        assert state(dossier_id) == "in_appraisal"
    journey.shot(me, "answered")

    # The specialist proposes the grant, a leader approves (then the fee is confirmed).
    specialist.goto(f"/officer/dossiers/{dossier_id}")
    if by_fix:
        act(specialist, "accept")
    act(specialist, "propose_grant")
    assert state(dossier_id) == "pending_approval"
    journey.shot(specialist, "proposed")
    leader = journey.person()
    sign_in(leader, staff[LEADER].email)
    enrol(leader, journey)
    leader.goto(f"/officer/dossiers/{dossier_id}")
    act(leader, "approve")
    journey.shot(leader, "approved")
    if by_fix:  # the fee after the names are allocated; matched, the portal issues
        assert state(dossier_id) == "awaiting_payment"
        pay_by_transfer(me, journey, accountant, dossier_id)
    assert state(dossier_id) == "issued"

    # The applicant downloads the signed PDF.
    me.goto(f"/applicant/dossiers/{dossier_id}")
    journey.shot(me, "issued")
    with me.expect_download() as download:
        me.locator('a[href^="/documents/"][href$=".pdf"]').click()
    pdf = tmp_path / "issued.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if procedure.fee.due_before:  # and the e-receipt of its fee
        with me.expect_download() as download:
            me.locator('a[href$="/fee/receipt.pdf"]').click()
        receipt = tmp_path / "receipt.pdf"
        download.value.save_as(receipt)
        assert "BLDT-" in subprocess.run(["pdftotext", str(receipt), "-"], capture_output=True,
                                         text=True).stdout

    # A stranger scans the QR code and sees the document as valid.
    link = qr_link(pdf)
    assert link.startswith(f"{server}/verify/")
    number = link.rsplit("/", 1)[1]
    stranger = journey.person()
    stranger.goto(link)
    journey.shot(stranger, "verified")
    journey.audit(stranger, "verification")
    assert stranger.locator("main h1").inner_text().endswith(number)
    assert stranger.locator("p.flash.info[role=status]").count() == 1  # standing: valid
    if by_person:  # issued in the person's own name, as an individual
        assert "Lê Văn Cường" in stranger.content() and "Cá nhân" in stranger.content()
    stranger.goto("/register")
    journey.audit(stranger, "public register")
    assert number in stranger.content()

    assert not journey.violations, journey.violations
    assert not journey.errors, journey.errors  # no script error, nothing the CSP blocked
    count("browser journeys passed")


def test_an_enterprise_signs_in_through_the_national_identity_provider(app, server_with_provider, provider,
                                                                         browser):
    import requests
    requests.put(f"{provider}/users/vneid-browser", timeout=10, json={
        "email": "giamdoc@trinhduyet.vn", "name": "Phạm Thị Duyên", "enterprise_code": "0106666666",
        "enterprise_name": "Công ty TNHH Trình Duyệt Định Danh"}).raise_for_status()
    journey = Journey(browser, server_with_provider, "identity_provider")
    me = journey.person()
    me.goto("/auth/login")
    journey.audit(me, "login with the identity provider")
    me.locator("#identity-login").click()
    me.wait_for_url(f"{provider}/**")
    journey.shot(me, "identity provider")
    me.fill("input[name=sub]", "vneid-browser")
    me.locator("button[type=submit]", has_text="Authorize").click()
    me.wait_for_url("**/applicant/")
    journey.shot(me, "signed in")
    assert "Phạm Thị Duyên" in me.content()
    enterprise = db.session.execute(db.select(User).where(User.email == "giamdoc@trinhduyet.vn")
                                    ).scalar_one().enterprise
    assert enterprise.code == "0106666666" and enterprise.verified
    assert not journey.violations, journey.violations
    ours = [e for e in journey.errors if e.startswith(server_with_provider)]  # not the provider's
    assert not ours, ours
    count("browser journeys passed")
