"""Paper dossiers: how one reaches the receiving unit (the one-stop desk) other than online,
and the rule for the day it counts as received."""
from dataclasses import dataclass

from ._base import Label


@dataclass(frozen=True)
class PaperChannel:
    key: str
    label: Label
    # What the desk may record to trace it (the postal item's number), if anything.
    reference: Label | None = None


COUNTER, POST = "counter", "post"
PAPER_CHANNELS = {c.key: c for c in (
    PaperChannel(COUNTER, Label("Nộp trực tiếp tại Bộ phận Một cửa", "Handed in at the counter")),
    PaperChannel(POST, Label("Gửi qua dịch vụ bưu chính", "Sent by post"),
                 reference=Label("Số hiệu bưu gửi", "Postal item number")),
)}

# Decree 108/2016 Art. 8 (domain reference §1): the day of receipt is the day the receiving
# unit physically gets the dossier, also when it comes by post (not the day it was posted);
# and the unit confirms receipt within one working day, so the desk records it by then.
RECEIPT_RULE = Label(
    "Ngày nhận hồ sơ là ngày Bộ phận Một cửa thực nhận được hồ sơ, kể cả hồ sơ gửi qua bưu chính "
    "(không phải ngày gửi); hồ sơ phải được ghi nhận chậm nhất trong 01 ngày làm việc "
    "(Nghị định 108/2016/NĐ-CP, Điều 8).",
    "The day of receipt is the day the counter actually receives the dossier, also by post (not "
    "the day it was posted); it must be recorded within one working day (Decree 108/2016, Art. 8).")
RECORD_WITHIN_WORKING_DAYS = 1
