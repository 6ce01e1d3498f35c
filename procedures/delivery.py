"""How the applicant receives the result (the one-stop rules: online, at the counter, or by the
public postal service), and what an officer records when a paper copy is handed over or posted."""
from dataclasses import dataclass

from ._base import Label


@dataclass(frozen=True)
class DeliveryMethod:
    key: str
    label: Label
    # A paper copy an officer hands over or posts, recording `proof` (who took it, or the
    # postal item's number); without one, the signed PDF is the result.
    proof: Label | None = None
    needs_address: bool = False


DELIVERY_METHODS = {m.key: m for m in (
    DeliveryMethod("download", Label("Nhận bản điện tử có chữ ký số trên Cổng",
                                     "Download the digitally signed copy from the portal")),
    DeliveryMethod("counter", Label("Nhận bản giấy tại Bộ phận Một cửa", "Collect a paper copy at the counter"),
                   proof=Label("Họ tên người nhận và giấy tờ tùy thân", "Recipient's name and identity document")),
    DeliveryMethod("post", Label("Nhận bản giấy qua dịch vụ bưu chính công ích",
                                 "Receive a paper copy by the public postal service"),
                   proof=Label("Số hiệu bưu gửi", "Postal item number"), needs_address=True),
)}
DEFAULT_DELIVERY = "download"
