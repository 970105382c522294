"""Numbers as people write them: digits (also full-width), Chinese numerals, English number words; and which
scripts a text is written in, so a text in one language is not searched with the other's patterns."""

import re

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12,
}

# A Chinese numeral up to the hundreds (十五, 二十三, 一百, 四十), or a pair of neighbours read as a range (五六 = 5 to 6).
CN_NUMBER = r"[零〇一二两三四五六七八九十百]{1,5}"
DIGITS = r"[0-9０-９]{1,4}"
EN_NUMBER = r"(?:a\s+)?(?:" + "|".join(sorted((w for w in _EN_WORDS if not w.startswith("a ")), key=len, reverse=True)) + r")"


def parse_digits(text: str) -> int:
    return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def parse_chinese(text: str) -> tuple[int, int] | None:
    """A Chinese numeral as (low, high): 四十 → (40, 40); 五六 → (5, 6); 十几 is handled by the caller's suffix."""
    if len(text) == 2 and text[0] in _CN_DIGITS and text[1] in _CN_DIGITS and _CN_DIGITS[text[1]] == _CN_DIGITS[text[0]] + 1:
        return _CN_DIGITS[text[0]], _CN_DIGITS[text[1]]
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    value = total + current
    return value, value


def parse_number(text: str) -> tuple[int, int] | None:
    """Any written number as (low, high); None when it is not one."""
    text = text.strip()
    if re.fullmatch(DIGITS, text):
        value = parse_digits(text)
        return value, value
    if re.fullmatch(CN_NUMBER, text):
        return parse_chinese(text)
    word = re.sub(r"\s+", " ", text.lower())
    word = word[2:] if word.startswith("a ") and word not in _EN_WORDS else word
    if word in _EN_WORDS:
        return _EN_WORDS[word], _EN_WORDS[word]
    return None
