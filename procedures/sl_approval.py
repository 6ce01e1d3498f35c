"""SL-APPROVAL: appraisal of the dossier proposing an information system's security level,
levels 3 to 5, and the decision approving it (Decree 85/2016 Arts. 12–17).

The domain reference (../shared/domain/procedures.md) says nothing about this procedure; only
Directive 33 of 2024 is in its seeds. Every legal fact below is therefore marked unconfirmed
(chưa được xác nhận): the texts, the dossier's contents, the time limit, who approves.
"""
from ._base import (BASE_FLOW, EXTENSION, Fee, Field, Label, LegalText, NationalCode, Procedure,
                    Requirement, Result, TimeLimits, Validity, handling_from_receipt,
                    restart_after_supplement)
from ._common import CONTACT_FIELDS, PDF, POWER_OF_ATTORNEY, under_law_116
from .applicants import SYSTEM_OWNERS
from .categories import SECURITY_LEVELS, SYSTEM_STAGES

LEGAL_BASIS = (
    LegalText(Label("Luật An toàn thông tin mạng số 86/2015/QH13 (Điều 21)",
                    "Law on Network Information Security No. 86/2015/QH13 (Art. 21)"), confirmed=False),
    LegalText(Label("Nghị định số 85/2016/NĐ-CP về bảo đảm an toàn hệ thống thông tin theo cấp độ "
                    "(Điều 12–17)",
                    "Decree No. 85/2016/ND-CP on the security of information systems by levels "
                    "(Arts. 12–17)"), confirmed=False),
)

# No supplementation deadline is known, so nothing is deemed abandoned nor extended; the limit
# counts from a complete dossier, so it starts over once supplemented (chưa được xác nhận).
FLOW = (restart_after_supplement(handling_from_receipt(BASE_FLOW.without("abandon", *EXTENSION)))
        .changing("propose_grant", label=Label("Đề xuất phê duyệt cấp độ", "Propose approval of the level"))
        .changing("approve", label=Label("Phê duyệt cấp độ và ban hành quyết định",
                                         "Approve the level and issue the decision")))

PROCEDURE = Procedure(
    code="sl_approval",
    name=Label("Thẩm định, phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin (cấp độ 3 trở lên)",
               "Appraisal and approval of the dossier proposing an information system's security "
               "level (level 3 and above)"),
    short_name=Label("Phê duyệt cấp độ an toàn hệ thống thông tin",
                     "Information system security level approval"),
    service="security_level",
    national_code=NationalCode(None, confirmed=False),
    legal_basis=LEGAL_BASIS,
    applicants=Label(
        "Chủ quản hệ thống thông tin: cơ quan, tổ chức, doanh nghiệp có hệ thống thông tin đề xuất "
        "cấp độ 3, 4 hoặc 5 (chưa được xác nhận).",
        "The owner of the information system: an agency, organisation or enterprise whose system "
        "is proposed at level 3, 4 or 5 (not confirmed)."),
    applicant_types=SYSTEM_OWNERS,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(),
    checklist=(
        Requirement("proposal", Label(
            "Tờ trình đề nghị thẩm định, phê duyệt cấp độ an toàn hệ thống thông tin",
            "Submission asking for the appraisal and approval of the security level"), types=PDF),
        Requirement("system_description", Label(
            "Tài liệu mô tả, thuyết minh tổng quan về hệ thống thông tin (phạm vi, quy mô, thành "
            "phần, mô hình kết nối)",
            "Overall description of the information system (scope, scale, components, "
            "connections)"), types=PDF),
        Requirement("design_documents", Label(
            "Tài liệu thiết kế hệ thống thông tin (nếu có)",
            "Design documents of the information system (if any)"), required=False, types=PDF),
        Requirement("security_plan", Label(
            "Phương án bảo đảm an toàn thông tin theo cấp độ đề xuất",
            "Plan for securing the system at the proposed level"), types=PDF),
        Requirement("security_unit_opinion", Label(
            "Ý kiến của đơn vị chuyên trách về an toàn thông tin của chủ quản hệ thống thông tin "
            "(nếu có)",
            "Opinion of the owner's unit in charge of information security (if any)"),
            required=False, types=PDF),
    ),
    fields=(
        Field("system_name", "text", Label("Tên hệ thống thông tin", "Name of the information system"),
              max_length=255),
        Field("security_level", "choice", Label("Cấp độ đề xuất", "Proposed security level"),
              choices=SECURITY_LEVELS),
        Field("system_stage", "choice", Label("Giai đoạn của hệ thống", "Stage of the system"),
              choices=SYSTEM_STAGES),
        Field("system_operator", "text", Label("Đơn vị vận hành hệ thống thông tin",
                                               "Unit operating the information system"), max_length=255),
        Field("system_scope", "textarea", Label("Phạm vi, quy mô và mục đích của hệ thống",
                                                "Scope, scale and purpose of the system"), max_length=2000),
        *CONTACT_FIELDS,
    ),
    time_limits=TimeLimits(
        intake=None, handling=15,
        note=Label("15 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ (chưa được xác nhận); thời hạn "
                   "riêng cho từng cấp độ và thời hạn bổ sung hồ sơ chưa được xác nhận.",
                   "15 working days from a complete dossier (not confirmed); limits for each level "
                   "and a deadline for supplementing are not confirmed.")),
    fee=Fee(None, note=Label("Không tìm thấy quy định thu phí thẩm định (chưa được xác nhận).",
                             "No appraisal fee was found (not confirmed).")),
    result=Result("security_level_decision", Label(
        "Quyết định phê duyệt cấp độ an toàn hệ thống thông tin, không thời hạn",
        "Decision approving the information system's security level, with no end date"),
        Validity(None)),
    revisions=(under_law_116(LEGAL_BASIS),),
    flow=FLOW,
    notes=(
        Label("Công điện số 33/CĐ-TTg năm 2024 của Thủ tướng Chính phủ yêu cầu hoàn thành việc phê "
              "duyệt hồ sơ đề xuất cấp độ cho toàn bộ hệ thống thông tin thuộc phạm vi quản lý.",
              "The Prime Minister's Directive 33/CĐ-TTg of 2024 requires the security-level "
              "proposals of every information system in scope to be completed and approved."),
        Label("Thẩm quyền thẩm định, phê duyệt theo từng cấp độ và việc Bộ Công an tiếp nhận thủ "
              "tục này chưa được xác nhận.",
              "Who appraises and approves at each level, and the Ministry of Public Security's "
              "handling of this procedure, are not confirmed."),
        Label("Thành phần hồ sơ theo Điều 15 Nghị định số 85/2016/NĐ-CP chưa được xác nhận.",
              "The dossier's contents under Decree 85/2016, Art. 15, are not confirmed."),
    ),
)
