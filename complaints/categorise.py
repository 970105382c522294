"""Suggesting conduct categories from a narrative, by bilingual keyword rules.

Suggestions only: the complainant may accept them, and a supervisor confirms them at triage.
"""

import re

from .choices import Category

KEYWORDS: dict[str, tuple[str, ...]] = {
    Category.CONTACT_BLASTING: (
        "通讯录", "联系人", "爆通讯录", "爆通", "群发", "contact list", "contacts list", "my contacts", "phone book",
        "address book",
    ),
    Category.THIRD_PARTY_HARASSMENT: (
        "家人", "父母", "亲戚", "同事", "单位", "领导", "老板", "朋友", "家里人", "family", "relative", "parents",
        "colleague", "employer", "my boss", "coworker", "co-worker", "neighbor", "neighbour", "friends",
    ),
    Category.EXCESSIVE_FREQUENCY: (
        "频繁", "不停", "反复", "轰炸", "每天打", "几十个电话", "一直打", "repeated", "repeatedly", "every day",
        "constantly", "many times", "too many calls", "nonstop", "non-stop", "keep calling", "keeps calling",
    ),
    Category.QUIET_HOURS: (
        "半夜", "凌晨", "深夜", "晚上十点", "晚上11点", "早上6点", "夜里", "midnight", "late at night", "early morning",
        "before 8", "after 9", "at night",
    ),
    Category.THREATS_INSULTS: (
        "威胁", "恐吓", "辱骂", "侮辱", "骂", "诽谤", "P图", "上门闹", "threat", "threaten", "intimidat", "insult",
        "abusive", "obscene", "profan", "curse", "cursed",
    ),
    Category.IMPERSONATION: (
        "冒充", "公安", "警察", "法院", "律师函", "传票", "检察院", "立案", "坐牢", "police", "court", "attorney",
        "lawyer", "arrest", "jail", "warrant", "lawsuit", "government official",
    ),
    Category.DEFERRAL_BREACH: (
        "缓催", "停催", "延期还款", "协商还款", "分期还款协议", "暂停催收", "deferral", "forbearance", "payment plan",
        "agreed to pause", "hardship",
    ),
    Category.POST_SETTLEMENT: (
        "已还清", "已结清", "结清了", "还完了", "已经还了", "paid off", "already paid", "debt was paid", "settled",
        "paid in full",
    ),
    Category.UNLAWFUL_DATA_USE: (
        "个人信息", "泄露", "隐私", "身份证", "信息泄漏", "personal information", "privacy", "leaked", "my data",
        "disclosed my",
    ),
    Category.UNMANDATED_COLLECTION: ("没有委托", "无委托", "不是放贷机构", "not authorized", "no authority", "unlicensed"),
}

_PATTERNS = {
    code: re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) for code, words in KEYWORDS.items()
}


def suggest_categories(narrative: str) -> list[str]:
    """Category codes whose keywords appear in the narrative, in taxonomy order."""
    text = narrative or ""
    return [code for code in Category.values if code in _PATTERNS and _PATTERNS[code].search(text)]
