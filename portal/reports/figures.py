"""The figures leaders answer for, read from the summary (portal/reports/summary.py): by
procedure, month and specialist over a period of months, open and overdue now, and the index of
Decision 766/QĐ-TTg for each procedure (procedures/service_index.py)."""
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from procedures import PROCEDURES
from procedures.service_index import CRITERIA, ENDED, HANDLED, REFUSED, WITHDRAWN

from portal.extensions import db, plain_rows
from portal.infra import workdays
from portal.models import DueCount, ServiceCount, User
from portal.reports import incidents
from portal.reports.summary import MEASURES

PERCENT, DAYS, MONEY = "0.0%", "0.0", "#,##0"  # as the XLSX formats them too

MAX_MONTHS = 120  # a period of ten years at most: its table has a row a month


@dataclass(frozen=True)
class Period:
    """Whole months, `first` to `last` (their first days), and one procedure or all."""

    first: date
    last: date
    procedure: str | None = None

    @classmethod
    def parse(cls, first: str | None, last: str | None, procedure: str | None) -> "Period":
        """From `YYYY-MM` strings; by default the twelve months to this one. Anything else is
        taken as the default, an unknown procedure as all."""
        this = workdays.today().replace(day=1)
        end = _month(last) or this
        start = _month(first) or _add_months(end, -11)
        # In order, nothing after this year's December, ten years at most.
        start, end = min(start, end), min(max(start, end), date(this.year, 12, 1))
        start = min(max(start, _add_months(end, 1 - MAX_MONTHS)), end)
        return cls(start, end, procedure if procedure in PROCEDURES else None)

    @property
    def months(self) -> list[date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return [_add_months(self.first, i) for i in range(count)]

    @property
    def after(self) -> date:
        """The first day after the period."""
        return _add_months(self.last, 1)

    def label(self) -> str:
        return f"{self.first:%m/%Y} – {self.last:%m/%Y}"


def _month(text: str | None) -> date | None:
    try:
        return date.fromisoformat(f"{text}-01") if text else None
    except ValueError:
        return None


def _add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class Row:
    """The counts of one line of a table, and what follows from them."""

    key: object
    counts: dict = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))

    def __getattr__(self, name):
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    @property
    def handled(self) -> int:
        return sum(self.counts[k] for k in HANDLED)

    @property
    def closed(self) -> int:
        return sum(self.counts[k] for k in ENDED)

    def share(self, part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def on_time_rate(self):
        return self.share(self.on_time, self.handled)

    @property
    def average_days(self):
        return self.share(self.handling_days, self.handled)

    @property
    def supplement_rate(self):
        return self.share(self.supplemented, self.closed)

    @property
    def refusal_rate(self):
        return self.share(self.counts[REFUSED], self.handled)

    @property
    def withdrawal_rate(self):
        return self.share(self.counts[WITHDRAWN], self.closed)

    def cells(self, columns) -> list[str]:
        """The row's figures as the tables show them (formatted here, not cell by cell in
        a template macro: a third of the page's time)."""
        return [formatted(getattr(self, attr), number_format) for _heading, attr, number_format in columns]

    def add(self, other: dict) -> None:
        for k in MEASURES:
            self.counts[k] += other.get(k) or 0


# Built once: constructing fourteen SQL functions a query was a tenth of the page.
SUMS = tuple(sa.func.coalesce(sa.func.sum(getattr(ServiceCount, m)), 0).label(m) for m in MEASURES)


def formatted(value, number_format: str | None) -> str:
    """Counts as they are, shares as percentages, days to one decimal, money with dots between
    thousands (as Vietnamese amounts are written), "—" when there is nothing to divide by."""
    if value is None:
        return "—"
    if number_format == PERCENT:
        return f"{value * 100:.1f}%"
    if number_format == DAYS:
        return f"{value:.1f}"
    if number_format == MONEY:
        return f"{value:,}".replace(",", ".")
    return str(value)


def _sums(period: Period, *by, joined=None):
    query = (db.select(*by, *SUMS)
             .where(ServiceCount.month.between(period.first, period.last)).group_by(*by))
    if joined is not None:
        query = query.join(joined)
    if period.procedure:
        query = query.where(ServiceCount.procedure == period.procedure)
    return plain_rows(query).all()


def by_procedure(period: Period) -> list[Row]:
    """One row per procedure (all of them, in the declarations' order)."""
    found = {r.procedure: r._asdict() for r in _sums(period, ServiceCount.procedure)}
    codes = [period.procedure] if period.procedure else list(PROCEDURES)
    return [_row(code, found.get(code, {})) for code in codes]


def by_month(period: Period) -> list[Row]:
    found = {r.month: r._asdict() for r in _sums(period, ServiceCount.month)}
    return [_row(month, found.get(month, {})) for month in period.months]


def by_specialist(period: Period) -> list[Row]:
    """The specialists who ended dossiers in the period, by name (read with their sums)."""
    rows = _sums(period, ServiceCount.specialist_id, User.full_name, joined=User)
    found = [_row(r.full_name, r._asdict()) for r in rows]
    return sorted((r for r in found if r.closed or r.rated), key=lambda r: r.key)


def _row(key, counts: dict) -> Row:
    row = Row(key)
    row.add(counts)
    return row


def total(rows: list[Row]) -> Row:
    row = Row(None)
    for r in rows:
        row.add(r.counts)
    return row


def now_open(procedure: str | None = None) -> dict[str, tuple[int, int]]:
    """Per procedure, the dossiers open now (received and not ended, ever) and those overdue
    (in the officers' turn, due before today), in one statement."""
    ended = sum(getattr(ServiceCount, k) for k in ENDED)
    open_ = (db.select(sa.literal("open"), ServiceCount.procedure,
                       sa.func.sum(ServiceCount.received - ended)).group_by(ServiceCount.procedure))
    overdue = (db.select(sa.literal("overdue"), DueCount.procedure, sa.func.sum(DueCount.dossiers))
               .where(DueCount.due_on < workdays.today()).group_by(DueCount.procedure))
    if procedure:
        open_ = open_.where(ServiceCount.procedure == procedure)
        overdue = overdue.where(DueCount.procedure == procedure)
    counts = {(which, code): int(n or 0) for which, code, n in plain_rows(sa.union_all(open_, overdue))}
    codes = [procedure] if procedure else list(PROCEDURES)
    return {code: (counts.get(("open", code), 0), counts.get(("overdue", code), 0)) for code in codes}


@dataclass(frozen=True)
class Score:
    criterion: object
    points: float | None  # None: nothing to divide by


def index(row: Row, procedures: int = 1) -> tuple[list[Score], float, int]:
    """The criteria's scores for one row's figures, the index, and the points it is out of."""
    figures = {**row.counts, "handled": row.handled, "published": procedures,
               "procedures": procedures}
    scores = [Score(c, c.score(figures)) for c in CRITERIA]
    counted = [s for s in scores if s.points is not None]
    return scores, sum(s.points for s in counted), sum(s.criterion.points for s in counted)


@dataclass
class Report:
    period: Period
    procedures: list[Row]
    months: list[Row]
    specialists: list[Row]
    total: Row
    now: dict[str, tuple[int, int]]
    incidents: list[incidents.IncidentRow]


def report(period: Period) -> Report:
    """Everything the leaders' page, the XLSX and the PDF show, for one period."""
    procedures = by_procedure(period)
    return Report(period, procedures, by_month(period), by_specialist(period), total(procedures),
                  now_open(period.procedure), incidents.by_severity(period.first, period.after))
