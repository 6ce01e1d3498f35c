"""The periodic report for a period: XLSX (one sheet a table, typed numbers, formatted headers),
PDF (WeasyPrint, like the other PDFs), and the raw data as CSV; every text cell neutralised
(portal/infra/cells.py), so a name that begins with "=" is never run as a formula."""
import csv
import io
from collections.abc import Iterator
from datetime import datetime, time

from flask_babel import gettext as _

from procedures import PROCEDURES
from procedures.incidents import SEVERITIES
from procedures.service_index import ABANDONED, GRANTED, REFUSED, WITHDRAWN

from portal.documents import pdf
from portal.extensions import db
from portal.infra import cells
from portal.infra.workdays import TIMEZONE, local_time
from portal.models import Dossier, Enterprise, User
from portal.reports.figures import DAYS, MONEY, PERCENT, Period, Report, Row, index

def columns() -> list[tuple[str, str, str | None]]:
    """The figures of each table row, in order: (heading, attribute, number format)."""
    return [(_("Tiếp nhận"), "received", None), (_("Đã giải quyết"), "handled", None),
            (_("Đúng hạn"), "on_time", None), (_("Trễ hạn"), "late", None),
            (_("Tỷ lệ đúng hạn"), "on_time_rate", PERCENT),
            (_("Thời gian giải quyết trung bình (ngày làm việc)"), "average_days", DAYS),
            (_("Cấp"), GRANTED, None), (_("Từ chối"), REFUSED, None),
            (_("Coi như bỏ"), ABANDONED, None), (_("Rút"), WITHDRAWN, None),
            (_("Tỷ lệ yêu cầu bổ sung"), "supplement_rate", PERCENT),
            (_("Tỷ lệ từ chối"), "refusal_rate", PERCENT),
            (_("Tỷ lệ rút hồ sơ"), "withdrawal_rate", PERCENT),
            (_("Hẹn lại"), "rescheduled", None), (_("Phí, lệ phí đã thu (đồng)"), "fees", MONEY)]


def procedure_name(code: str, locale: str) -> str:
    return PROCEDURES[code].short_name.get(locale)


def tables(report: Report, locale: str) -> list[tuple[str, str, list[tuple[str, Row]]]]:
    """The report's tables: (sheet name, first column's heading, labelled rows)."""
    total = [(_("Tổng cộng"), report.total)]
    return [
        (_("Theo thủ tục"), _("Thủ tục"),
         [(procedure_name(r.key, locale), r) for r in report.procedures] + total),
        (_("Theo tháng"), _("Tháng"), [(f"{r.key:%m/%Y}", r) for r in report.months]),
        (_("Theo chuyên viên"), _("Chuyên viên"), [(r.key, r) for r in report.specialists]),
    ]


def xlsx(report: Report, locale: str) -> bytes:
    from openpyxl import Workbook  # on the first workbook: a tenth of start-up otherwise
    book = Workbook()
    book.remove(book.active)
    for title, first, rows in tables(report, locale):
        sheet = book.create_sheet(title[:31])
        _header(sheet, [first] + [heading for heading, _, _ in columns()])
        for label, row in rows:
            sheet.append([cells.cell(label)] + [getattr(row, attr) for _, attr, _ in columns()])
        for j, column in enumerate(columns(), start=2):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = column[2] or "0"
    _index_sheet(book.create_sheet(_("Chỉ số phục vụ")[:31]), report, locale)
    _now_sheet(book.create_sheet(_("Đang giải quyết")[:31]), report, locale)
    _incidents_sheet(book.create_sheet(_("Sự cố an ninh mạng")[:31]), report, locale)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet, headings: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    header, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    sheet.append([cells.cell(h) for h in headings])
    for j, cell in enumerate(sheet[1], start=1):
        cell.font, cell.fill = header, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(j)].width = 40 if j == 1 else 14
    sheet.freeze_panes = "B2"


def _index_sheet(sheet, report: Report, locale: str) -> None:
    _header(sheet, [_("Thủ tục"), _("Nhóm"), _("Tiêu chí"), _("Điểm tối đa"), _("Điểm"),
                    _("Trọng số đã xác nhận"), _("Công thức đã xác nhận")])
    for row in report.procedures:
        scores, _points, _out_of = index(row)
        for s in scores:
            c = s.criterion
            sheet.append([cells.cell(procedure_name(row.key, locale)), cells.cell(c.group),
                          cells.cell(c.label.get(locale)), c.points,
                          None if s.points is None else round(s.points, 2),
                          c.points_confirmed, c.formula_confirmed])


def _now_sheet(sheet, report: Report, locale: str) -> None:
    _header(sheet, [_("Thủ tục"), _("Đang giải quyết"), _("Quá hạn")])
    for code, (open_, overdue) in report.now.items():
        sheet.append([cells.cell(procedure_name(code, locale)), open_, overdue])


def incident_columns() -> list[tuple[str, str]]:
    return [(_("Đã báo cáo trong kỳ"), "reported"), (_("Đã kết thúc trong kỳ"), "closed"),
            (_("Đang xử lý"), "open_now"), (_("Đang quá hạn báo cáo"), "late_now")]


def _incidents_sheet(sheet, report: Report, locale: str) -> None:
    _header(sheet, [_("Mức độ")] + [heading for heading, _attr in incident_columns()])
    for row in report.incidents:
        sheet.append([cells.cell(SEVERITIES[row.severity].label.get(locale))]
                     + [getattr(row, attr) for _heading, attr in incident_columns()])


def pdf_report(report: Report, locale: str) -> bytes:
    return pdf.render_pdf("service_report.html", report=report, tables=tables(report, locale),
                          columns=columns(), index=index, locale=locale,
                          procedure_name=procedure_name, incident_columns=incident_columns(),
                          severities=SEVERITIES)


def raw_csv(period: Period) -> Iterator[str]:
    """The dossiers submitted in the period, one line each, streamed."""
    start, end = (datetime.combine(day, time(), TIMEZONE) for day in (period.first, _next_month(period.last)))
    query = (db.select(Dossier.code, Dossier.procedure, Dossier.state, Dossier.submitted_at,
                       Dossier.result_due, Dossier.rescheduled_from, Enterprise.name, User.full_name)
             .join(Enterprise, Dossier.enterprise_id == Enterprise.id)
             .outerjoin(User, Dossier.assignee_id == User.id)
             .where(Dossier.submitted_at >= start, Dossier.submitted_at < end)
             .order_by(Dossier.id).execution_options(yield_per=1000))
    if period.procedure:
        query = query.where(Dossier.procedure == period.procedure)
    yield "\ufeff" + _line(["code", "procedure", "state", "submitted_at", "result_due",
                            "rescheduled_from", "enterprise", "specialist"])
    for r in db.session.execute(query):
        yield _line([r.code, r.procedure, r.state, local_time(r.submitted_at).isoformat(),
                     r.result_due, r.rescheduled_from, r.name, r.full_name or ""])


def _line(values) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells.row(values))
    return out.getvalue()


def _next_month(month):
    return month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
