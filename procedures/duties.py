"""What a holder owes after the licence: the periodic report each result kind declares, due by
a day of each year, filed online as an e-service (no workflow: it is received, not decided); and
a charge paid every year the document lasts."""
from dataclasses import dataclass

from ._base import Field, Label


@dataclass(frozen=True)
class ReportingDuty:
    code: str
    label: Label
    legal_basis: Label
    due: tuple[int, int]  # (month, day): the last day of each year the report may be filed
    period: Label  # what the report covers
    fields: tuple[Field, ...]
    reminder_days: tuple[int, ...] = (30, 7)  # before `due`: each reminder once a year


ACTIVITY_FIELDS = (
    Field("activity_summary", "textarea", Label("Tình hình kinh doanh sản phẩm, dịch vụ theo giấy phép",
                                               "Business in the licensed products and services"),
          max_length=4000),
    Field("customers", "integer", Label("Số khách hàng đang cung cấp sản phẩm, dịch vụ",
                                        "Number of customers served")),
    Field("incidents", "textarea", Label("Sự cố an toàn thông tin mạng đã xảy ra và cách xử lý",
                                         "Network information security incidents and how they were handled"),
          required=False, max_length=4000),
    Field("proposals", "textarea", Label("Kiến nghị, đề xuất", "Requests and proposals"),
          required=False, max_length=2000),
)

# Decree 108/2016 Art. 11, Mẫu 05 (domain reference §1.1): the annual report before 31
# December. The form's layout was not seen: the fields are the portal's reading of its title.
BL_ANNUAL_REPORT = ReportingDuty(
    "bl_annual_report",
    Label("Báo cáo tình hình thực hiện giấy phép kinh doanh (Mẫu 05)",
          "Report on the business licence's implementation (Form 05)"),
    Label("Nghị định số 108/2016/NĐ-CP, Điều 11", "Decree 108/2016/ND-CP, Article 11"),
    due=(12, 30),
    period=Label("năm báo cáo", "the reporting year"),
    fields=ACTIVITY_FIELDS)

# Decree 91/2020 Arts. 30-31 (Mẫu 04): yearly, before 31 December, covering 15 December of the
# year before to 14 December.
ID_ANNUAL_REPORT = ReportingDuty(
    "id_annual_report",
    Label("Báo cáo tình hình sử dụng tên định danh (Mẫu 04)", "Report on the use of identifier names (Form 04)"),
    Label("Nghị định số 91/2020/NĐ-CP, Điều 30 và 31", "Decree 91/2020/ND-CP, Articles 30 and 31"),
    due=(12, 30),
    period=Label("từ ngày 15/12 năm trước đến ngày 14/12 năm báo cáo",
                 "15 December of the year before to 14 December of the reporting year"),
    fields=(
        Field("messages_sent", "integer", Label("Số tin nhắn quảng cáo đã gửi bằng tên định danh",
                                                "Advertising messages sent under the names")),
        Field("calls_made", "integer", Label("Số cuộc gọi quảng cáo đã thực hiện", "Advertising calls made")),
        Field("complaints", "textarea", Label("Phản ánh, khiếu nại của người nhận và cách xử lý",
                                              "Recipients' complaints and how they were handled"),
              required=False, max_length=4000),
    ))


@dataclass(frozen=True)
class RecurringCharge:
    """A charge the holder pays each `every_months` of the document's life, from its first
    anniversary; more than `grace_days` late is a ground to revoke."""

    code: str
    label: Label
    legal_basis: Label
    amount: int | None  # None: not published
    every_months: int
    grace_days: int
    confirmed: bool = False  # whether the schedule is read from the text, or the portal's


# Decree 91/2020 Art. 23(8): the holder pays a maintenance charge the ministry sets; Art. 29:
# more than 30 days late is a ground to revoke. Neither its amount nor its schedule was read
# (domain reference §1.3): yearly from the first anniversary is the portal's assumption.
ID_MAINTENANCE_CHARGE = RecurringCharge(
    "id_maintenance",
    Label("Chi phí duy trì tên định danh", "Identifier-name maintenance charge"),
    Label("Nghị định số 91/2020/NĐ-CP, Điều 23 khoản 8", "Decree 91/2020/ND-CP, Article 23(8)"),
    amount=None, every_months=12, grace_days=30)
