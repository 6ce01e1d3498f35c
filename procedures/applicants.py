"""Who may apply: the kinds of applicant the portal registers, and how each is identified
(domain reference §6, "Who may apply"). Each procedure lists the kinds it accepts.

The keys are stored in the database; never rename one.
"""
from ._base import ApplicantType, Label

ENTERPRISE, DEPENDENT_UNIT, ORGANISATION, HOUSEHOLD_BUSINESS, INDIVIDUAL = (
    "enterprise", "dependent_unit", "organisation", "household_business", "individual")

APPLICANT_TYPES = {t.key: t for t in (
    ApplicantType(
        ENTERPRISE, Label("Doanh nghiệp", "Enterprise"),
        Label("Mã số doanh nghiệp", "Enterprise code"),
        r"\d{10}", Label("10 chữ số, ví dụ 0101234567.", "10 digits, e.g. 0101234567.")),
    ApplicantType(
        DEPENDENT_UNIT, Label("Chi nhánh, đơn vị phụ thuộc của doanh nghiệp",
                              "Branch or dependent unit of an enterprise"),
        Label("Mã số đơn vị phụ thuộc", "Dependent unit code"),
        r"\d{10}-\d{3}", Label("Dạng 10-3, ví dụ 0101234567-001.", "Form 10-3, e.g. 0101234567-001.")),
    ApplicantType(
        ORGANISATION, Label("Cơ quan, tổ chức không có mã số doanh nghiệp (cơ quan nhà nước, hội, "
                            "hiệp hội...)",
                            "Agency or organisation without an enterprise code (public bodies, "
                            "associations...)"),
        Label("Số quyết định thành lập", "Establishment decision number"),
        r"[0-9]{1,6}/[0-9A-Za-zĐđ\-]{2,30}",
        Label("Số và ký hiệu của quyết định thành lập, ví dụ 123/QĐ-UBND.",
              "Number and symbol of the establishment decision, e.g. 123/QĐ-UBND.")),
    ApplicantType(
        HOUSEHOLD_BUSINESS, Label("Hộ kinh doanh", "Household business"),
        Label("Số Giấy chứng nhận đăng ký hộ kinh doanh", "Household business registration number"),
        r"[0-9A-Za-z\-]{6,20}",
        Label("Số ghi trên Giấy chứng nhận đăng ký hộ kinh doanh.",
              "The number on the household business registration certificate.")),
    ApplicantType(
        INDIVIDUAL, Label("Cá nhân", "Individual"),
        Label("Số định danh cá nhân (căn cước công dân)", "Personal identification number (citizen ID)"),
        r"\d{12}",
        Label("12 chữ số trên thẻ căn cước; chứng minh nhân dân 9 số không còn giá trị từ 01/01/2025.",
              "The 12 digits on the citizen ID card; the old 9-digit ID card is no longer valid "
              "since 1 January 2025."),
        person=True),
)}

# Business licences and import permits: enterprises only (Law 86/2015 Arts. 40, 42, 48);
# a branch or dependent unit is not an enterprise.
ENTERPRISES_ONLY = (ENTERPRISE,)
# Identifier names: organisations (enterprises, agencies, associations), household businesses
# and individuals (Decree 91/2020 Arts. 23(2), 24(2)). A branch files as an organisation of
# its enterprise [R: the decree does not name branches].
ANYONE = (ENTERPRISE, DEPENDENT_UNIT, ORGANISATION, HOUSEHOLD_BUSINESS, INDIVIDUAL)
# Security levels: the owner of the information system (chủ quản), an agency, organisation or
# enterprise (Decree 85/2016, chưa được xác nhận); a branch files as its enterprise.
SYSTEM_OWNERS = (ENTERPRISE, ORGANISATION)

# As a pick-list, for printing the kind a document's holder was registered as.
APPLICANT_CHOICES = tuple((key, kind.label) for key, kind in APPLICANT_TYPES.items())
