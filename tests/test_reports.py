"""Leaders read how dossiers are handled: every figure of the dashboard, the XLSX, the PDF and
the public statistics is checked against a plain count over the history, for a period holding a
dossier paused for supplementation, one rescheduled and late, one refused at intake whose fee
was refunded, one withdrawn, and open ones (one overdue)."""
import csv
import io
import subprocess
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import portal.dossiers
from portal.dossiers import clock, ratings
from portal.engine import InvalidAction, Refused
from portal.extensions import db
from portal.fees import statements
from portal.infra import workdays
from portal.infra.workdays import TIMEZONE, add_working_days, is_working_day, local_date
from portal.models import Dossier, DueCount, Payment, ServiceCount, WorkflowEvent
from portal.reports import figures, summary
from procedures import ADMIN, APPLICANT, LEADER, PROCEDURES, SPECIALIST
from procedures.service_index import CRITERIA, ENDINGS, HANDLED
from tests.builders import drive, make_dossier, make_enterprise, make_user, path_to_issued

PROCEDURE = "bl_grant"


def working_day_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


@pytest.fixture
def travel(monkeypatch):
    """Move the statutory clock, and the moment the history records, to `day` (None: back to
    the real today)."""
    real = workdays.today()

    def to(day: date | None):
        day = day or real
        moment = datetime.combine(day, time(10), TIMEZONE)
        monkeypatch.setattr(workdays, "today", lambda: day)
        monkeypatch.setattr(portal.dossiers, "now", lambda: moment)
    to(None)
    return to


@pytest.fixture
def history(app, actors, travel):
    """The period's dossiers, each with its story."""
    today = workdays.today()
    start = working_day_before(today - timedelta(days=45))
    stories = {}
    # Paused for supplementation, resumed, granted on time, rated satisfied.
    supplemented = make_dossier(PROCEDURE, actors[APPLICANT])
    drive(supplemented, actors, "submit", "accept", "request_supplement", "answer_supplement",
          *path_to_issued(PROCEDURE)[2:])
    stories["supplemented"] = supplemented
    # Submitted and accepted 45 days ago, rescheduled once, decided after its first date: late.
    travel(start)
    rescheduled = drive(make_dossier(PROCEDURE, actors[APPLICANT]), actors, "submit", "accept")
    travel(working_day_before(start + timedelta(days=7)))
    clock.reschedule(rescheduled, actors[SPECIALIST],
                     working_day_before(rescheduled.due_on + timedelta(days=70)), "Chờ ý kiến.")
    travel(None)
    drive(rescheduled, actors, *path_to_issued(PROCEDURE)[2:])
    stories["rescheduled"] = rescheduled
    # Accepted 45 days ago and still in appraisal: open and overdue.
    travel(start)
    stories["overdue"] = drive(make_dossier(PROCEDURE, actors[APPLICANT]), actors, "submit", "accept")
    travel(None)
    stories["open"] = drive(make_dossier(PROCEDURE, actors[APPLICANT]), actors, "submit")
    stories["rejected"] = drive(make_dossier(PROCEDURE, actors[APPLICANT]), actors, "submit",
                                "reject_at_intake")
    stories["withdrawn"] = drive(make_dossier(PROCEDURE, actors[APPLICANT]), actors, "submit",
                                 "withdraw")
    # Another procedure, granted along its own declared way.
    stories["other"] = drive(make_dossier("id_grant", actors[APPLICANT]), actors, *path_to_issued("id_grant"))
    ratings.record(supplemented, actors[APPLICANT], "satisfied", "")
    ratings.record(stories["other"], actors[APPLICANT], "dissatisfied", "")
    refunded = db.session.execute(db.select(Payment).where(
        Payment.dossier_id == stories["rejected"].id)).scalar_one()
    statements.refund(refunded, "Từ chối tiếp nhận.")
    db.session.commit()
    return stories


def plain_counts(months: tuple[date, date]) -> dict[str, dict[str, int]]:
    """Per procedure, what the history says happened in the months, counted the plain way:
    one dossier at a time, from its events, payments and ratings."""
    first, last = months
    within = lambda moment: first <= local_date(moment).replace(day=1) <= last  # noqa: E731
    counts = {code: dict.fromkeys(summary.MEASURES, 0) for code in PROCEDURES}
    for dossier in db.session.execute(db.select(Dossier)).scalars():
        c, flow = counts[dossier.procedure], PROCEDURES[dossier.procedure].flow
        submissions = [e for e in dossier.events if e.from_state == flow.initial]
        c["received"] += bool(submissions) and within(submissions[0].created_at)
        end = next((e for e in dossier.events if flow.state(e.to_state).final), None)
        if end is None or not within(end.created_at):
            continue
        kind, day = ENDINGS[end.to_state], local_date(end.created_at)
        c[kind] += 1
        c["supplemented"] += any(e.action == "request_supplement" for e in dossier.events)
        c["rescheduled"] += dossier.rescheduled_from is not None
        if kind in HANDLED:
            due = dossier.rescheduled_from or dossier.result_due
            waited_on_applicant = flow.state(end.from_state).waiting_on == APPLICANT
            c["late" if day > due and not waited_on_applicant else "on_time"] += 1
            c["handling_days"] += workdays.working_days_between(local_date(submissions[0].created_at), day)
        if kind == "granted":
            c["digital_results"] += all(d.sha256 for d in db.session.execute(
                sa.text("SELECT sha256 FROM issued_documents WHERE dossier_id = :d"), {"d": dossier.id}))
    for paid in db.session.execute(db.select(Payment)).scalars():
        if within(paid.paid_at):
            counts[paid.dossier.procedure]["fees"] += paid.amount
        if paid.refunded_at and within(paid.refunded_at):
            counts[paid.dossier.procedure]["fees"] -= paid.amount
    for row in db.session.execute(sa.text("SELECT r.level, r.created_at, d.procedure FROM ratings r "
                                          "JOIN dossiers d ON d.id = r.dossier_id")):
        moment = row.created_at  # SQLite hands the raw text back
        if within(moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)):
            counts[row.procedure]["rated"] += 1
            counts[row.procedure]["satisfied"] += row.level == "satisfied"
    return counts


def this_year() -> figures.Period:
    today = workdays.today()
    return figures.Period(date(today.year - 1, today.month, 1), today.replace(day=1))


def test_every_figure_of_the_period_equals_a_plain_count_over_the_history(history):
    period = this_year()
    plain = plain_counts((period.first, period.last))
    shown = {row.key: row.counts for row in figures.by_procedure(period)}
    assert shown == plain
    bl = figures.by_procedure(figures.Period(period.first, period.last, PROCEDURE))[0]
    # The stories, as a leader reads them.
    assert (bl.received, bl.granted, bl.refused, bl.withdrawn) == (6, 2, 1, 1)
    assert (bl.on_time, bl.late, bl.supplemented, bl.rescheduled) == (2, 1, 1, 1)
    assert bl.on_time_rate == pytest.approx(2 / 3)
    assert bl.handling_days > 0 and bl.fees > 0
    assert figures.total(figures.by_month(period)).counts == figures.total(figures.by_procedure(period)).counts


def test_open_and_overdue_now_equal_a_count_of_the_dossiers(history):
    now = figures.now_open()
    for code, (open_, overdue) in now.items():
        flow = PROCEDURES[code].flow
        dossiers = db.session.execute(db.select(Dossier).where(Dossier.procedure == code,
                                                               Dossier.code.is_not(None))).scalars().all()
        assert open_ == sum(not flow.state(d.state).final for d in dossiers)
        assert overdue == sum(clock.overdue(d) for d in dossiers)
    assert now[PROCEDURE] == (2, 1)


def test_the_summary_recounted_from_the_history_is_the_one_kept_live(history, runner):
    def table(model):
        return sorted(tuple(-1 if v is None else v for v in (getattr(r, c) for c in model.__table__.columns.keys()
                                                               if c != "id"))
                      for r in db.session.execute(db.select(model)).scalars())
    live = table(ServiceCount), table(DueCount)
    result = runner.invoke(args=["reports", "rebuild"])
    assert "recounted" in result.output
    db.session.expire_all()
    assert (table(ServiceCount), [r for r in table(DueCount) if r[2]]) == (live[0], [r for r in live[1] if r[2]])


def test_the_specialist_table_counts_what_each_ended(history, actors):
    rows = figures.by_specialist(this_year())
    assert [r.key for r in rows] == [actors[SPECIALIST].full_name]
    assert rows[0].handled + rows[0].withdrawn == rows[0].closed


def test_the_index_scores_each_procedure_from_its_figures(history):
    row = figures.by_procedure(figures.Period(this_year().first, this_year().last, PROCEDURE))[0]
    scores, points, out_of = figures.index(row)
    by_key = {s.criterion.key: s.points for s in scores}
    assert by_key["on_time"] == pytest.approx(20 * 2 / 3)
    assert by_key["satisfied"] == pytest.approx(20)  # one rating, satisfied
    assert out_of == 100 and points == pytest.approx(sum(by_key.values()))
    assert [c.key for c in CRITERIA if c.points_confirmed] == ["on_time"]


def login(client, auth, user):
    auth.login(user.email)
    return client


def test_a_leader_reads_the_dashboard_with_charts_and_their_tables(history, client, auth, actors):
    response = login(client, auth, actors[LEADER]).get("/reports/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<svg") == 2 and "<script" not in html.split("</header>", 1)[1].split("<footer")[0]
    assert html.count("<figure") == 2 and html.count("<figcaption") == 2
    assert "Quyết định 766/QĐ-TTg" in html and "chưa xác nhận" in html


def test_a_specialist_does_not_see_the_dashboard(history, client, auth, actors):
    assert login(client, auth, actors[SPECIALIST]).get("/reports/").status_code == 403


def test_the_xlsx_read_back_sums_to_the_dashboards_figures(history, client, auth, actors):
    period = this_year()
    response = login(client, auth, actors[ADMIN]).get(
        f"/reports/report.xlsx?from={period.first:%Y-%m}&to={period.last:%Y-%m}")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    headings = [c.value for c in sheet[1]]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "B2"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    procedures, total = rows[:-1], rows[-1]
    shown = figures.total(figures.by_procedure(period))
    for column, name in (("Tiếp nhận", "received"), ("Đúng hạn", "on_time"), ("Trễ hạn", "late"),
                         ("Phí, lệ phí đã thu (đồng)", "fees")):
        j = headings.index(column)
        assert all(isinstance(r[j], int) for r in rows)
        assert sum(r[j] for r in procedures) == total[j] == getattr(shown, name)
    months = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert sum(r[1] for r in months) == shown.received
    assert [ws.title for ws in book.worksheets][:3] == ["Theo thủ tục", "Theo tháng", "Theo chuyên viên"]


@pytest.mark.reads_pdfs
def test_the_periodic_report_as_pdf(history, client, auth, actors, tmp_path):
    response = login(client, auth, actors[LEADER]).get("/reports/report.pdf")
    assert response.mimetype == "application/pdf"
    (tmp_path / "r.pdf").write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ" in text.upper() and "Cấp giấy phép kinh doanh" in text


def test_the_raw_data_csv_never_carries_a_formula(history, client, auth, actors):
    hostile = make_enterprise(name="=HYPERLINK(\"http://evil\")")
    applicant = make_user(APPLICANT, enterprise=hostile)
    drive(make_dossier(PROCEDURE, applicant), {APPLICANT: applicant}, "submit")
    db.session.commit()
    response = login(client, auth, actors[LEADER]).get("/reports/dossiers.csv")
    lines = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(lines) == db.session.execute(sa.select(sa.func.count()).select_from(Dossier)
                                            .where(Dossier.code.is_not(None))).scalar()
    assert "'=HYPERLINK(\"http://evil\")" in [line["enterprise"] for line in lines]


def test_anyone_reads_the_on_time_rate_of_each_procedure(history, client):
    html = client.get("/statistics").get_data(as_text=True)
    assert "66.7%" in html
    assert html.count('<th scope="row">') == len(PROCEDURES)


def test_a_period_is_whole_months_in_order_and_ten_years_at_most(app):
    period = figures.Period.parse("9999-12", "0001-01", "not-a-procedure")
    december = date(workdays.today().year, 12, 1)
    assert (period.first, period.last, period.procedure) == (date(december.year - 9, 1, 1), december, None)
    assert len(period.months) == figures.MAX_MONTHS
    assert figures.Period.parse("2026-13", None, PROCEDURE).last == workdays.today().replace(day=1)


def test_every_final_state_says_how_a_dossier_ended():
    finals = {s for p in PROCEDURES.values() for s in p.flow.final_states}
    assert finals == set(ENDINGS)


# Random stories: whatever happens, in whatever order and on whatever days, the summary kept
# live is the plain count over the history, and the recount gives the same rows.

walks = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 12), st.booleans()), max_size=12)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(procedure=st.sampled_from(["bl_grant", "id_grant"]), walk=walks)
def test_any_story_is_counted_as_the_history_tells_it(app, actors, travel, procedure, walk):
    day = working_day_before(workdays.today() - timedelta(days=60))
    travel(day)
    dossier = make_dossier(procedure, actors[APPLICANT])
    flow = PROCEDURES[procedure].flow
    for choice, days, apologise in walk:
        day = add_working_days(day, days)
        travel(min(day, working_day_before(date.today())))
        options = flow.from_state(dossier.state)
        if not options:
            break
        if apologise and dossier.due_on and not clock.reschedule_refusals(
                dossier, actors[SPECIALIST], add_working_days(dossier.due_on, 5), "Lý do."):
            clock.reschedule(dossier, actors[SPECIALIST], add_working_days(dossier.due_on, 5), "Lý do.")
        forward = [t for t in options if t.action in flow.to_result()]  # half the time, on the way
        pool = forward if choice < 5 and forward else options
        try:
            drive(dossier, actors, pool[choice % len(pool)].action)
        except (InvalidAction, Refused):
            continue
    db.session.flush()
    everything = (date(2000, 1, 1), date(2100, 1, 1))
    shown = {r.key: r.counts for r in figures.by_procedure(figures.Period(*everything))}
    assert shown == plain_counts(everything)
    kept = sorted((r["due_on"], r["procedure"], r["dossiers"]) for r in
                  db.session.execute(sa.select(DueCount.__table__)).mappings() if r["dossiers"])
    assert kept == sorted((r["due_on"], r["procedure"], r["dossiers"]) for r in summary.due_rows())
    db.session.rollback()


def test_incident_cases_are_counted_by_severity_in_the_dashboard_and_the_xlsx(app, client, auth, actors):
    from portal.incidents import cases
    from portal.models import Incident, now
    from procedures.incidents import CASE_FLOW
    reporter = actors[APPLICANT]
    story = {"regime": "eu_nis2", "system": "Cổng thanh toán", "incident_type": "ransomware",
             "impact": "Ngừng dịch vụ.", "actions_taken": "Cô lập máy chủ.", "tlp": "amber",
             "summary": "Mã hoá dữ liệu.", "indicators": []}
    serious = [cases.report(reporter, detected_at=now() - timedelta(hours=h), severity="high", **story)
               for h in (1, 80)]  # the second owes its 72-hour notification already
    low = cases.report(reporter, detected_at=now() - timedelta(hours=2), severity="low", **story)
    low.state, low.closed_at = next(s.name for s in CASE_FLOW.states if s.final), now()
    db.session.commit()

    period = figures.Period.parse(None, None, None)
    rows = {r.severity: r for r in figures.report(period).incidents}
    plain = db.session.execute(sa.select(Incident.severity, sa.func.count()).group_by(Incident.severity)).all()
    assert {s: rows[s].reported for s, _n in plain} == dict(plain)
    assert (rows["high"].open_now, rows["high"].late_now, rows["high"].closed) == (2, 1, 0)
    assert (rows["low"].open_now, rows["low"].closed) == (0, 1)
    assert cases.is_late(serious[1]) and not cases.is_late(serious[0])

    html = login(client, auth, actors[LEADER]).get("/reports/").get_data(as_text=True)
    assert "Sự cố an ninh mạng theo mức độ" in html
    book = openpyxl.load_workbook(io.BytesIO(client.get("/reports/report.xlsx").data))
    sheet = book["Sự cố an ninh mạng"]
    assert sum(r[1] for r in sheet.iter_rows(min_row=2, values_only=True)) == 3  # reported in the period
