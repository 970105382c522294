"""Masking personal data in text and fields that a reader does not need unmasked."""

import re

# Mainland mobile numbers (with optional +86), landlines with an area code, 18-digit ID numbers,
# and bank-card numbers (16 to 19 digits, optionally grouped by spaces or dashes).
PATTERNS = [
    (re.compile(r"(?<![0-9Xx])\d{17}[\dXx](?![0-9Xx])"), "[身份证号]"),
    (re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)"), "[银行卡号]"),
    (re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)"), "[电话]"),
    (re.compile(r"(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)"), "[电话]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[邮箱]"),
    # Names introduced as names: 我叫张三, 姓名：李四, my name is John Smith.
    (re.compile(r"((?:我叫|我是|姓名[:：]?\s*|名叫)\s*)[\u4e00-\u9fa5]{2,4}"), r"\1[姓名]"),
    (re.compile(r"((?i:my name is|i am|i'm)\s+)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"), r"\1[name]"),
]


def mask_text(text: str, *, names: tuple[str, ...] = ()) -> str:
    """Redact phone numbers, ID numbers, bank cards, e-mails and names from free text."""
    for name in filter(None, names):
        if len(name) >= 2:
            text = text.replace(name, "[姓名]")
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 7 else ("***" if phone else "")


def mask_name(name: str) -> str:
    return (name[0] + "*" * (len(name) - 1)) if name else ""


def mask_email(email: str) -> str:
    local, _, domain = (email or "").partition("@")
    return f"{local[:1]}***@{domain}" if domain else ""


# What a published narrative loses besides PATTERNS: street addresses, housing estates and rooms, licence plates,
# North American phone numbers (CFPB narratives).
PUBLICATION_PATTERNS = [
    re.compile(r"(?<!\d)\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)"),
    re.compile(r"(?:[\u4e00-\u9fa5]{2,4}[区县市])?[\u4e00-\u9fa5]{2,4}(?:路|街|大道|巷|弄|胡同)\s*\d+\s*号"
               r"(?:\s*\d+\s*(?:号楼|栋|幢))?"
               r"(?:\s*\d+\s*单元)?(?:\s*\d+\s*室)?"),
    re.compile(r"[\u4e00-\u9fa5]{2,8}(?:小区|花园|公寓|大厦|新村)(?:\s*\d+\s*(?:号楼|栋|幢))?(?:\s*\d+\s*单元)?"
               r"(?:\s*\d+\s*室)?"),
    re.compile(r"\d+\s*(?:号楼|栋|幢)\s*\d*\s*(?:单元)?\s*\d*\s*室?"),
    re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·\s]?[A-HJ-NP-Z0-9]{5,6}"),
    re.compile(r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd)\b"),
]
SCRUBBED = "XXXX"


def scrub_text(text: str, *, personal: tuple[str, ...] = ()) -> str:
    """Text fit to publish: every personal datum the patterns know, and every string the person gave as her own
    (name, phone, e-mail), replaced by XXXX. Unlike mask_text, nothing says what kind of datum stood there."""
    for value in sorted(filter(None, personal), key=len, reverse=True):
        if len(value) >= 2:
            text = text.replace(value, SCRUBBED)
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 7:  # the phone as she may also have written it: with spaces, dashes or +86
            text = re.sub(r"[\s-]?".join(digits), SCRUBBED, text)
    for pattern, _replacement in PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + SCRUBBED if match.re.groups else SCRUBBED, text)
    for pattern in PUBLICATION_PATTERNS:
        text = pattern.sub(SCRUBBED, text)
    return text
