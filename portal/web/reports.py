"""Leaders and administrators read how the portal's dossiers are handled: the figures, the
service index and the charts for a period, and the periodic report as XLSX, PDF and CSV."""
from flask import Blueprint, Response, render_template, request
from flask_babel import get_locale

from procedures import ADMIN, LEADER, PROCEDURES
from procedures.incidents import SEVERITIES
from procedures.service_index import CRITERIA, GROUPS, RESCHEDULED_JUDGED_BY_FIRST_DATE, TOTAL_POINTS

from portal.reports import charts, exports, figures
from portal.web.access import restrict

bp = Blueprint("reports", __name__, url_prefix="/reports")
restrict(bp, LEADER, ADMIN)


def _report() -> figures.Report:
    args = request.args
    return figures.report(figures.Period.parse(args.get("from"), args.get("to"), args.get("procedure")))


def _locale() -> str:
    return str(get_locale() or "vi")


def _name(period: figures.Period, extension: str) -> str:
    return f"service-report-{period.first:%Y-%m}-{period.last:%Y-%m}.{extension}"


@bp.get("/")
def index():
    """The dashboard: the period's figures by procedure, month and specialist, open and overdue
    now, the service index, and two charts with their tables."""
    report = _report()
    locale = _locale()
    on_time = charts.stacked([(exports.procedure_name(r.key, locale), (r.on_time, r.late))
                              for r in report.procedures])
    monthly = charts.grouped([(f"{r.key:%m/%Y}", (r.received, r.handled)) for r in report.months])
    return render_template("reports/index.html", report=report, columns=exports.columns(),
                           tables=exports.tables(report, locale), on_time=on_time, monthly=monthly,
                           index=figures.index, groups=GROUPS, criteria=CRITERIA,
                           total_points=TOTAL_POINTS, rescheduled=RESCHEDULED_JUDGED_BY_FIRST_DATE,
                           procedure_name=exports.procedure_name, all_procedures=PROCEDURES,
                           incident_columns=exports.incident_columns(), severities=SEVERITIES,
                           args=request.args)


@bp.get("/report.xlsx")
def xlsx():
    report = _report()
    return Response(exports.xlsx(report, _locale()),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={_name(report.period, 'xlsx')}"})


@bp.get("/report.pdf")
def pdf():
    report = _report()
    return Response(exports.pdf_report(report, _locale()), mimetype="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename={_name(report.period, 'pdf')}"})


@bp.get("/dossiers.csv")
def csv():
    period = _report().period
    # Built whole: read a thousand rows at a time, it is a few megabytes for a year.
    return Response("".join(exports.raw_csv(period)), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={_name(period, 'csv')}"})
