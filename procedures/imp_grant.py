"""IMP-GRANT: import permit for network information security products (domain reference §1.2)."""
from ._base import Field, Label, Precondition, Procedure, Requirement, Result, TimeLimits, Validity
from ._common import (CONTACT_FIELDS, FEE_NOT_PUBLISHED, IMP_FLOW, IMP_LEGAL_BASIS,
                      IMP_UNDER_LAW_116, POWER_OF_ATTORNEY, SCAN)
from .applicants import ENTERPRISES_ONLY
from .categories import IMPORT_GROUPS

PROCEDURE = Procedure(
    code="imp_grant",
    name=Label("Cấp Giấy phép nhập khẩu sản phẩm an toàn thông tin mạng",
               "Grant of an import permit for network information security products"),
    short_name=Label("Cấp giấy phép nhập khẩu", "Import permit grant"),
    service="import_permit",
    legal_basis=IMP_LEGAL_BASIS,
    applicants=Label(
        "Doanh nghiệp đã có Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng đối với "
        "sản phẩm đề nghị nhập khẩu.",
        "Enterprises holding a business licence for network information security products and "
        "services that covers the products to be imported."),
    applicant_types=ENTERPRISES_ONLY,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(
        Precondition("holds_business_licence", Label(
            "Doanh nghiệp có Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng còn hiệu "
            "lực, bao gồm nhóm sản phẩm đề nghị nhập khẩu.",
            "The enterprise holds a valid business licence for network information security "
            "products and services that covers the product group to be imported.")),
    ),
    checklist=(
        Requirement("application", Label("Đơn đề nghị cấp Giấy phép nhập khẩu (Mẫu 01, Phụ lục II)",
                                         "Application for an import permit (Form 01, Annex II)"),
                    form="tt13_mau01.html"),
        Requirement("conformity_certificate", Label(
            "Giấy chứng nhận hợp quy hoặc bản công bố hợp quy (bản sao có chứng thực, hoặc bản sao "
            "kèm bản chính để đối chiếu); bắt buộc khi sản phẩm thuộc danh mục tiêu chuẩn, quy chuẩn "
            "kỹ thuật đã được công bố",
            "Conformity certificate or declaration of conformity (certified copy, or a copy with the "
            "original shown for comparison); required when the product falls under a published list "
            "of standards and technical regulations"), required=False, types=SCAN),
        Requirement("technical_documentation", Label(
            "Tài liệu kỹ thuật mô tả chức năng của sản phẩm, bằng tiếng Việt hoặc tiếng Anh",
            "Technical documentation describing the product's functions, in Vietnamese or English")),
    ),
    fields=(
        Field("import_group", "choice", Label("Nhóm sản phẩm nhập khẩu", "Product group"),
              choices=IMPORT_GROUPS),
        Field("purpose", "textarea", Label("Mục đích nhập khẩu", "Purpose of import"), max_length=2000),
        Field("intended_users", "textarea", Label("Đối tượng sử dụng sản phẩm", "Intended users"),
              max_length=2000),
        Field("product_lines", "product_lines",
              Label("Sản phẩm đề nghị nhập khẩu", "Products to import")),
        Field("conformity_reference", "text",
              Label("Số giấy chứng nhận hoặc bản công bố hợp quy (nếu có)",
                    "Conformity certificate or declaration number (if any)"),
              required=False, max_length=100),
        *CONTACT_FIELDS,
    ),
    time_limits=TimeLimits(
        intake=2, handling=5, supplement_limit=None,
        note=Label("Trước Thông tư số 10/2022/TT-BTTTT là 7 ngày làm việc. Văn bản không quy định thời "
                   "hạn bổ sung hồ sơ; thời hạn giải quyết được tính lại từ khi hồ sơ hợp lệ (chưa "
                   "được xác nhận).",
                   "Before Circular 10/2022/TT-BTTTT the limit was 7 working days. No deadline is set "
                   "for supplementing the dossier; the time limit restarts from a valid dossier (not "
                   "confirmed).")),
    fee=FEE_NOT_PUBLISHED,
    result=Result("import_permit", Label(
        "Giấy phép nhập khẩu sản phẩm an toàn thông tin mạng (Mẫu 03, Phụ lục II), thời hạn 2 năm "
        "và không quá thời hạn của Giấy phép kinh doanh",
        "Import permit for network information security products (Form 03, Annex II), valid 2 "
        "years and no longer than the business licence"), Validity(2)),
    revisions=(IMP_UNDER_LAW_116,),
    flow=IMP_FLOW,
    notes=(
        Label("Chỉ áp dụng cho thiết bị hoàn chỉnh có thể hoạt động độc lập thuộc danh mục phải cấp "
              "phép; linh kiện, phụ kiện, bộ phận không phải xin phép.",
              "Only complete, stand-alone devices on the licensable list need a permit; components, "
              "accessories and parts do not."),
        Label("Mục đích và đối tượng sử dụng sản phẩm không được gây phương hại đến quốc phòng, an "
              "ninh quốc gia, trật tự, an toàn xã hội.",
              "The purpose and intended users must not harm national defence, national security or "
              "public order."),
        Label("Chưa xác nhận giấy phép áp dụng cho nhiều lô hàng hay một lô hàng.",
              "Whether a permit covers several shipments or a single consignment is not confirmed."),
    ),
)
