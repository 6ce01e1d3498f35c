"""Links only for those who may follow them: the demo portal crawled as every role (and as a
visitor who is not signed in), following every same-site link each page offers; none answers
403 or 404."""
import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from portal import demo
from portal.demo import attach_documents, sample_form
from portal.engine import fire
from portal.extensions import db
from portal.models import Dossier, Enterprise, User
from procedures import PROCEDURES

LINK = re.compile(r'<a\b[^>]*\bhref="([^"]*)"', re.I)
# Enough for every kind of page the demo has, and a bound on a crawl that finds a trap.
MOST_PAGES = 400
ROLES = {"anonymous": None, "applicant": "doanhnghiep@demo.vn", "representative": "luatsu@demo.vn",
         "individual": "canhan@demo.vn", "specialist": "chuyenvien@demo.vn",
         "leader": "lanhdao@demo.vn", "admin": "quantri@demo.vn", "responder": "ungcuu@demo.vn"}


@pytest.fixture
def portal(app):
    """The demo portal, plus a dossier the law firm filed for the demo enterprise."""
    demo.load()
    firm = db.session.execute(db.select(User).where(User.email == ROLES["representative"])).scalar_one()
    client = db.session.execute(db.select(Enterprise).where(Enterprise.code == "0109876543")).scalar_one()
    dossier = Dossier(procedure="bl_grant", enterprise=client, agent_id=firm.enterprise_id,
                      created_by=firm, form_data=sample_form(PROCEDURES["bl_grant"]))
    db.session.add(dossier)
    attach_documents(dossier, firm)
    db.session.flush()
    fire(dossier, "submit", firm)
    db.session.commit()


def links(page: str, here: str) -> list[str]:
    """The same-site paths the page links to, without fragments."""
    found = []
    for href in LINK.findall(page):
        url = urldefrag(urljoin(here, unescape(href)))[0]
        parts = urlsplit(url)
        if parts.netloc in ("", "localhost") and parts.scheme in ("", "http"):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client) -> dict[str, tuple[int, str]]:
    """Every page reachable from the home page (whose header leads each role to its own
    pages): its status and the page that linked to it."""
    seen = {"/": (0, "")}
    queue = deque(seen)
    answers = {}
    while queue and len(answers) < MOST_PAGES:
        path = queue.popleft()
        response = client.get(path)
        answers[path] = (response.status_code, seen[path][1])
        if response.status_code in (301, 302, 303):
            target = urlsplit(response.headers["Location"])
            found = [target.path + (f"?{target.query}" if target.query else "")]
        elif response.mimetype == "text/html":
            found = links(response.get_data(as_text=True), f"http://localhost{path}")
        else:
            found = []
        for link in found:
            if link not in seen and not link.startswith("/static/"):
                seen[link] = (0, path)
                queue.append(link)
    return answers


@pytest.mark.parametrize("role", ROLES)
def test_no_link_offered_answers_403_or_404(role, portal, client, auth):
    if ROLES[role]:
        auth.login(ROLES[role], password=demo.PASSWORD)
    answers = crawl(client)
    broken = {path: answer for path, answer in answers.items() if answer[0] in (403, 404)}
    assert not broken, f"{role} is offered links it may not follow (path: (status, linked from)): {broken}"
    assert len(answers) > 10, answers  # the crawl saw the portal, not only its front door
    assert len(answers) < MOST_PAGES, "the crawl did not finish"
