"""The index of service to citizens and businesses (Decision 766/QĐ-TTg of 23 June 2022), as
the portal computes it in real time from its own records, declared as data.

Only three facts are taken from the decision here: the index has five groups of criteria, it
counts 100 points in all, and on-time handling is worth up to 20 of them. The decision's annex
was not read: every other weight, and every formula, is the portal's working assumption and is
marked `confirmed=False` until someone checks it against the text (the leaders' page and the
periodic report print the mark beside each criterion).

A criterion scores `points` times the share `numerator / denominator`, both names of figures
the reports count per procedure (portal/reports/figures.py MEASURES); with nothing to divide by
it scores nothing and the index is out of fewer points.
"""
from dataclasses import dataclass

from ._base import APPLICANT, Label

TOTAL_POINTS = 100  # confirmed: the decision's scale

GROUPS = {
    "transparency": Label("Công khai, minh bạch", "Transparency"),
    "progress": Label("Tiến độ, kết quả giải quyết", "Progress and results of handling"),
    "online": Label("Cung cấp dịch vụ trực tuyến", "Online service provision"),
    "digitisation": Label("Số hóa hồ sơ, kết quả giải quyết", "Digitisation of dossiers and results"),
    "satisfaction": Label("Mức độ hài lòng", "Satisfaction"),
}

# How a dossier ended, by the final state it reached: the authority's result (granted,
# refused, or deemed abandoned after the applicant's deadline), or the applicant's withdrawal.
GRANTED, REFUSED, ABANDONED, WITHDRAWN = "granted", "refused", "abandoned", "withdrawn"
ENDINGS = {"issued": GRANTED, "refused": REFUSED, "rejected_at_intake": REFUSED,
           "abandoned": ABANDONED, "withdrawn": WITHDRAWN}
# Handled (đã giải quyết): the authority gave its result; a withdrawal is not one.
HANDLED = (GRANTED, REFUSED, ABANDONED)
ENDED = HANDLED + (WITHDRAWN,)

# The rating levels counted as satisfied (procedures/satisfaction.py).
SATISFIED_LEVELS = ("satisfied",)
# Who the clock waits on while a dossier ends "on time" whatever the date: the applicant
# (deemed abandoned after the supplementation deadline, or the fee not yet paid).
NOT_THE_AUTHORITYS_TURN = APPLICANT


@dataclass(frozen=True)
class Assumption:
    """A rule the portal applies in counting, with whether the law's text confirms it."""

    holds: bool
    label: Label
    confirmed: bool = False


# The apology with a new date (Decree 61/2018 Art. 19) does not make a late dossier on time:
# it is judged against the date before the apology. The portal's reading, not confirmed.
RESCHEDULED_JUDGED_BY_FIRST_DATE = Assumption(True, Label(
    "Hồ sơ đã có phiếu xin lỗi và hẹn lại được tính đúng hạn hay trễ hạn theo ngày hẹn ban đầu.",
    "A dossier sent the apology with a new date is judged on time or late against its first date."))


@dataclass(frozen=True)
class Criterion:
    key: str
    group: str  # a key of GROUPS
    label: Label
    points: int
    numerator: str
    denominator: str
    points_confirmed: bool = False
    formula_confirmed: bool = False

    def score(self, figures: dict) -> float | None:
        """The points earned with these figures, or None with nothing to divide by."""
        whole = figures.get(self.denominator) or 0
        return self.points * (figures.get(self.numerator) or 0) / whole if whole else None


CRITERIA = (
    Criterion("on_time_published", "transparency", Label(
        "Công khai tỷ lệ hồ sơ giải quyết đúng hạn của thủ tục trên trang thống kê công khai",
        "The procedure's on-time rate published on the public statistics page"),
        20, numerator="published", denominator="procedures"),
    Criterion("on_time", "progress", Label(
        "Tỷ lệ hồ sơ giải quyết đúng hạn trên số hồ sơ đã giải quyết",
        "Dossiers handled on time, of those handled"),
        20, numerator="on_time", denominator="handled", points_confirmed=True),
    Criterion("filed_online", "online", Label(
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến trên cổng",
        "Dossiers received online through the portal, of those received"),
        20, numerator="received", denominator="received"),
    Criterion("results_signed", "digitisation", Label(
        "Tỷ lệ kết quả cấp có bản điện tử ký số",
        "Results issued with a digitally signed electronic copy, of those granted"),
        20, numerator="digital_results", denominator="granted"),
    Criterion("satisfied", "satisfaction", Label(
        "Tỷ lệ đánh giá hài lòng trên số lượt đánh giá",
        "Ratings of satisfied, of all ratings"),
        20, numerator="satisfied", denominator="rated"),
)

if sum(c.points for c in CRITERIA) != TOTAL_POINTS or {c.group for c in CRITERIA} != set(GROUPS):
    raise ValueError("the criteria must cover the five groups and add up to 100 points")
