"""Pick-lists for the application forms (domain reference §2): (code, label) pairs.

The codes are stored in the database; never rename one.
"""
from ._base import Label

BL_CATEGORIES = (
    ("P-TEST", Label("Sản phẩm kiểm tra, đánh giá an toàn thông tin mạng",
                     "Network information security testing and assessment products")),
    ("P-MON", Label("Sản phẩm giám sát an toàn thông tin mạng",
                    "Network information security monitoring products")),
    ("P-ANTI", Label("Sản phẩm chống tấn công, xâm nhập", "Anti-attack and anti-intrusion products")),
    ("S-MON", Label("Dịch vụ giám sát an toàn thông tin mạng",
                    "Network information security monitoring service")),
    ("S-ANTI", Label("Dịch vụ phòng ngừa, chống tấn công mạng",
                     "Network attack prevention and defence service")),
    ("S-CONS", Label("Dịch vụ tư vấn an toàn thông tin mạng",
                     "Network information security consulting service")),
    ("S-IR", Label("Dịch vụ ứng cứu sự cố an toàn thông tin mạng",
                   "Network information security incident response service")),
    ("S-RECOV", Label("Dịch vụ khôi phục dữ liệu", "Data recovery service")),
    ("S-TEST", Label("Dịch vụ kiểm tra, đánh giá an toàn thông tin mạng",
                     "Network information security testing and assessment service")),
    ("S-CONF", Label("Dịch vụ bảo mật thông tin không sử dụng mật mã dân sự",
                     "Information confidentiality service not using civil cryptography")),
)

# Choosing either of these makes the grant a BL-GRANT-SEC application.
SEC_CATEGORIES = ("S-TEST", "S-CONF")

# Decree 108/2016 Art. 4: the product groups that need an import permit. They share
# their codes with the business-licence product categories that cover them.
IMPORT_GROUPS = tuple(item for item in BL_CATEGORIES if item[0].startswith("P-"))

ACTIVITY_TYPES = (
    ("production", Label("Sản xuất", "Production")),
    ("import", Label("Nhập khẩu", "Import")),
    ("trade", Label("Mua bán, phân phối", "Trading and distribution")),
)

IDENTIFIER_USES = (
    ("sms", Label("Quảng cáo bằng tin nhắn (SMS)", "SMS advertising")),
    ("voice", Label("Quảng cáo bằng cuộc gọi thoại", "Voice-call advertising")),
)

# Decree 85/2016 sets five levels; the appraisal this portal runs is for levels 3 to 5.
SECURITY_LEVELS = (
    ("level_3", Label("Cấp độ 3", "Level 3")),
    ("level_4", Label("Cấp độ 4", "Level 4")),
    ("level_5", Label("Cấp độ 5", "Level 5")),
)

SYSTEM_STAGES = (
    ("design", Label("Đang thiết kế, xây dựng", "Being designed or built")),
    ("operation", Label("Đang vận hành", "In operation")),
)

REISSUE_REASONS = (
    ("lost", Label("Bị mất", "Lost")),
    ("damaged", Label("Bị hư hỏng", "Damaged")),
    ("information_changed", Label("Thông tin ghi trên giấy tờ có thay đổi",
                                  "Information on the document has changed")),
)
