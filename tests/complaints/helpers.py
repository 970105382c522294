import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

# The first bytes of real files of each kind: enough for the content check.
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"\x00" * 200

NARRATIVE_ZH = "催收员半夜打电话威胁我，还打给我的家人和同事，说我欠钱不还。我叫张三，电话13812345678。"


def complaint_data(**overrides) -> dict:
    data = {
        "complainant_role": "borrower", "lender": "LA", "collector_kind": "agency", "agency": "AA",
        "categories": ["quiet_hours", "threats_insults"], "occurred_on": (dt.date.today() - dt.timedelta(days=3)).isoformat(),
        "channel": "call", "narrative": NARRATIVE_ZH, "complainant_name": "张三", "complainant_phone": "13812345678",
        "complainant_email": "zhangsan@example.cn", "consent_to_share": False,
    }
    return data | overrides


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
