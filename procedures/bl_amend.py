"""BL-AMEND: amendment of a business licence (domain reference §1.1)."""
from ._base import Fee, Field, Label, NationalCode, Procedure, Requirement, Result, TimeLimits, Validity
from ._common import (BL_HOLDERS, BL_LEGAL_BASIS, BL_UNDER_LAW_116, CONTACT_FIELDS, LICENCE_ACTIVE,
                      NO_CONSULTATION_FLOW, POWER_OF_ATTORNEY, SCAN, SEC_CITIZENSHIP_FIELDS,
                      SEC_ONLY_DOMESTIC, SEC_REQUIREMENTS, bl_application, only_when)
from .applicants import ENTERPRISES_ONLY
from .categories import BL_CATEGORIES

# Adding testing and assessment or confidentiality services brings the special grant's
# conditions and documents (Law 86/2015 Art. 45(1) with Arts. 42(2)-(3), 43(3)).
ADDS_SEC = "adds_sec_category"  # a key of _common.WHEN

CHANGE_KINDS = (
    ("name", Label("Thay đổi tên doanh nghiệp", "Change of enterprise name")),
    ("legal_representative", Label("Thay đổi người đại diện theo pháp luật",
                                   "Change of legal representative")),
    ("address", Label("Thay đổi địa chỉ trụ sở chính", "Change of head-office address")),
    ("products_services", Label("Thay đổi, bổ sung sản phẩm, dịch vụ",
                                "Change or addition of products and services")),
)

PROCEDURE = Procedure(
    code="bl_amend",
    name=Label("Sửa đổi, bổ sung Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng",
               "Amendment of a business licence for network information security products and "
               "services"),
    short_name=Label("Sửa đổi, bổ sung giấy phép kinh doanh", "Business licence amendment"),
    service="business_licence",
    # Not yet checked against the Ministry of Public Security's published list (after the
    # 2025 takeover the codes were reissued): unknown until someone confirms it.
    national_code=NationalCode(None, confirmed=False),
    legal_basis=BL_LEGAL_BASIS,
    applicants=BL_HOLDERS,
    applicant_types=ENTERPRISES_ONLY,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(LICENCE_ACTIVE, *only_when(ADDS_SEC, (SEC_ONLY_DOMESTIC,))),
    checklist=(
        bl_application("sửa đổi, bổ sung Giấy phép kinh doanh", "amendment of the business licence"),
        Requirement("change_report", Label("Báo cáo mô tả chi tiết nội dung đề nghị sửa đổi, bổ sung",
                                           "Report describing the requested changes in detail")),
        Requirement("supporting_documents", Label(
            "Tài liệu liên quan (nếu có), ví dụ Giấy chứng nhận đăng ký doanh nghiệp mới; văn bằng, "
            "chứng chỉ của nhân sự và phương án kinh doanh cho sản phẩm, dịch vụ bổ sung",
            "Related documents (if any), e.g. the new enterprise registration certificate, or staff "
            "qualifications and the business plan for added products and services"),
            required=False, types=SCAN),
        *only_when(ADDS_SEC, SEC_REQUIREMENTS),
    ),
    fields=(
        Field("change_kinds", "multichoice", Label("Nội dung thay đổi", "What changes"),
              choices=CHANGE_KINDS),
        Field("new_enterprise_name", "text", Label("Tên doanh nghiệp mới (nếu thay đổi)",
                                                   "New enterprise name (if changed)"),
              required=False, max_length=255, amends="name"),
        Field("new_legal_representative", "text",
              Label("Người đại diện theo pháp luật mới (nếu thay đổi)",
                    "New legal representative (if changed)"), required=False, max_length=200,
              amends="legal_representative"),
        Field("new_address", "text", Label("Địa chỉ trụ sở chính mới (nếu thay đổi)",
                                           "New head-office address (if changed)"),
              required=False, max_length=500, amends="address"),
        Field("categories", "multichoice",
              Label("Sản phẩm, dịch vụ sau khi sửa đổi, bổ sung (nếu thay đổi)",
                    "Products and services after the amendment (if changed)"),
              required=False, choices=BL_CATEGORIES),
        Field("change_description", "textarea", Label("Mô tả nội dung đề nghị sửa đổi, bổ sung",
                                                      "Description of the requested changes"),
              max_length=4000),
        *only_when(ADDS_SEC, SEC_CITIZENSHIP_FIELDS),
        *CONTACT_FIELDS,
    ),
    time_limits=TimeLimits(intake=3, handling=10, supplement_answer=10, supplement_limit=1),
    fee=Fee(3_000_000, note=Label(
        "Áp dụng khi thay đổi tên doanh nghiệp hoặc người đại diện theo pháp luật; mức phí khi "
        "thay đổi, bổ sung sản phẩm, dịch vụ chưa được công bố.",
        "Applies to a change of name or legal representative; the amount for changing or adding "
        "products and services is not published.")),
    result=Result("business_licence", Label(
        "Giấy phép kinh doanh được sửa đổi, bổ sung và cấp lại",
        "Amended and re-issued business licence"),
        Validity(0, base="subject_expiry")),
    revisions=(BL_UNDER_LAW_116,),
    flow=NO_CONSULTATION_FLOW.changing("approve", effects=(
        "amend_holder", *NO_CONSULTATION_FLOW.transition("approve").effects)),
    starts_from="business_licence",
    notes=(
        Label("Giấy phép sửa đổi, bổ sung giữ nguyên thời hạn của giấy phép cũ (chưa được văn bản "
              "quy định rõ).",
              "The amended licence keeps the expiry date of the current one (not stated in the law)."),
    ),
)
