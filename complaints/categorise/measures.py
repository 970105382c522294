"""Times of day and counts of contacts, read from a narrative and judged against the rule profile.

A clock time ("凌晨三点多", "around 10:40 at night", "quarter to seven") becomes a local time of day; a count
("四十多次", "about thirty calls in one afternoon", "every hour") becomes a number of contacts over a span. The
categoriser compares them with the profile's permitted hours and limits, so the same sentence is judged by the
CN or the US profile rather than by a word list.
"""

import datetime as dt
import re
from dataclasses import dataclass

from .numbers import CN_NUMBER, DIGITS, EN_NUMBER, HAN, LATIN, parse_number

# Where a Chinese period word puts an hour written on a 12-hour clock.
_EVENING = "夜里|夜间|夜晚|晚上|晚间|今晚|昨晚|当晚|半夜里"
_NIGHT = "凌晨|半夜|三更半夜|深夜|后半夜"
_MORNING = "早上|早晨|清晨|一大早|大清早|上午|一早"
_AFTERNOON = "下午|傍晚|黄昏"
CN_PERIOD = f"{_NIGHT}|{_EVENING}|{_MORNING}|{_AFTERNOON}|中午"

# The hour first (cheap to find); the period word before it is looked up afterwards.
_CN_TIME = re.compile(
    rf"(?P<hour>{DIGITS}|{CN_NUMBER})\s*(?:点钟?|时(?![间候])|[:：](?P<colon>[0-5][0-9]))"
    rf"(?:(?P<minute>[0-5]?[0-9]|[一二三四五]?十?[一二三四五六七八九]?)分|(?P<half>半)|(?P<quarter>一刻|三刻))?"
    r"(?P<mod>多|左右|许|不到|之前|以前|前|以后|之后|后)?"
)
_PERIOD_BEFORE = re.compile(rf"(?P<period>{CN_PERIOD})[^，。,.;；！？!?\d]{{0,3}}$")
_CN_PERIOD_ONLY = re.compile(r"三更半夜|后半夜|半夜|深夜|凌晨|大清早|一大早|天还?没亮")
_PERIOD_ONLY_TIMES = {
    "三更半夜": dt.time(1, 0), "后半夜": dt.time(2, 0), "半夜": dt.time(0, 30), "深夜": dt.time(23, 30),
    "凌晨": dt.time(3, 0), "大清早": dt.time(6, 30), "一大早": dt.time(6, 30), "天没亮": dt.time(5, 0),
    "天还没亮": dt.time(5, 0), "midnight": dt.time(0, 0), "middle of the night": dt.time(2, 0),
    "late at night": dt.time(23, 0), "late night": dt.time(23, 0), "early morning": dt.time(6, 30),
    "early in the morning": dt.time(6, 30), "crack of dawn": dt.time(5, 30),
}
_EN_CONTEXT = r"at\s+night|in\s+the\s+(?:morning|evening|night)|tonight|last\s+night|p\.?\s?m\.?|a\.?\s?m\.?"
_EN_TIME = re.compile(
    r"(?P<rel>\bbefore\s+|\bafter\s+|\bpast\s+)?"
    r"(?:(?P<fraction>half\s+past|quarter\s+(?:past|after|to|till|of))\s+)?"
    rf"\b(?P<hour>\d{{1,2}}|{EN_NUMBER})(?::(?P<colon>[0-5]\d))?(?![\d:])"
    rf"(?:\s*o'?\s?clock)?\s*(?P<context>{_EN_CONTEXT})?(?![a-z])",
    re.IGNORECASE,
)
_EN_PERIOD_ONLY = re.compile(
    r"\b(?:midnight|middle of the night|late at night|late night|early in the morning|early morning|crack of dawn)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """A measure read from the text: where it is, and its value."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ClockTime(Found):
    time: dt.time


@dataclass(frozen=True)
class ContactCount(Found):
    count: int
    span: str | None  # "day", "week" or None when the narrative does not say over how long


def _clock(hour: int, minute: int) -> dt.time | None:
    if hour == 24:
        hour = 0
    return dt.time(hour, minute) if 0 <= hour < 24 and 0 <= minute < 60 else None


def _shift(time: dt.time, minutes: int) -> dt.time:
    moment = dt.datetime.combine(dt.date(2000, 1, 2), time) + dt.timedelta(minutes=minutes)
    return moment.time()


def _cn_hour(hour: int, period: str | None) -> int | None:
    if not period:
        return hour if hour == 0 or 13 <= hour <= 24 else None  # 1 to 12 without a period is a guess: skip it
    if hour > 12:
        return hour
    if re.fullmatch(_NIGHT, period):
        return hour + 12 if hour >= 9 and period == "深夜" else hour % 12
    if re.fullmatch(_EVENING, period):
        return hour % 12 if hour <= 4 or hour == 12 else hour + 12
    if re.fullmatch(_AFTERNOON, period):
        return hour + 12 if hour < 12 else 12
    if period == "中午":
        return 12 if hour in (11, 12) else hour + 12
    return hour  # morning


def chinese_times(text: str) -> list[ClockTime]:
    found = []
    for match in _CN_TIME.finditer(text):
        numbers = parse_number(match["hour"])
        if numbers is None:
            continue
        # "晚上十点", "凌晨的三点"; and "晚上九点还能理解，十点半还在打": the period said shortly before carries over.
        start = match.start()
        adjacent = _PERIOD_BEFORE.search(text, max(0, start - 8), start)
        if adjacent:
            period, start = adjacent["period"], adjacent.start()
        else:
            period = _last_period(text[max(0, start - 20): start])
        for hour_written in sorted(set(numbers)):
            hour = _cn_hour(hour_written, period)
            if hour is None:
                continue
            minute = 30 if match["half"] else 15 if match["quarter"] == "一刻" else 45 if match["quarter"] else 0
            if match["colon"]:
                minute = int(match["colon"])
            elif match["minute"]:
                parsed = parse_number(match["minute"])
                minute = parsed[0] if parsed else 0
            time = _clock(hour, minute)
            if time is None:
                continue
            if match["mod"] in ("不到", "之前", "以前", "前"):
                time = _shift(time, -1)
            elif match["mod"] in ("多", "以后", "之后", "后"):
                time = _shift(time, 1)
            found.append(ClockTime(start, match.end(), text[start:match.end()], time))
    return found + _period_only(text, _CN_PERIOD_ONLY, found)


def _last_period(text: str) -> str | None:
    periods = re.findall(CN_PERIOD, text)
    return periods[-1] if periods else None


def english_times(text: str) -> list[ClockTime]:
    found = []
    for match in _EN_TIME.finditer(text):
        context = (match["context"] or "").lower().replace(" ", "").replace(".", "")
        if not (match["colon"] or context or match["fraction"]):
            continue  # a bare number is not a time
        numbers = parse_number(match["hour"])
        if numbers is None or numbers[0] > 24:
            continue
        hour, minute = numbers[0], int(match["colon"] or 0)
        fraction = (match["fraction"] or "").lower()
        if fraction.startswith("half"):
            minute = 30
        elif fraction.startswith("quarter"):
            minute = 15 if re.search(r"past|after", fraction) else -15
        if context in ("pm", "atnight", "intheevening", "inthenight", "tonight", "lastnight") and hour < 12:
            if not (context in ("atnight", "inthenight") and hour <= 4):
                hour += 12
        elif context in ("am", "inthemorning") and hour == 12:
            hour = 0
        elif not context and 1 <= hour <= 12:
            continue  # "at 10:40" alone: morning or evening, we cannot tell
        time = _clock(hour, 0)
        if time is None:
            continue
        time = _shift(time, minute)
        relation = (match["rel"] or "").strip().lower()
        if relation == "before":
            time = _shift(time, -1)
        elif relation in ("after", "past") and not fraction:
            time = _shift(time, 1)
        found.append(ClockTime(match.start(), match.end(), match.group().strip(), time))
    return found + _period_only(text, _EN_PERIOD_ONLY, found)


def _period_only(text: str, pattern: re.Pattern, taken: list[ClockTime]) -> list[ClockTime]:
    """Words that name a time of night without a clock ("半夜", "midnight"), where no clock time was read."""
    found = []
    for match in pattern.finditer(text):
        if any(item.start <= match.start() < item.end for item in taken):
            continue
        time = _PERIOD_ONLY_TIMES.get(re.sub(r"\s+", " ", match.group().lower()))
        if time is not None:
            found.append(ClockTime(match.start(), match.end(), match.group(), time))
    return found


# Counts of contacts. "几十" and "上百" are at least 20 and 100; "四十多", "十几" more than the round number.
_CN_NUMBER_WITH_MORE = rf"(?P<number>几十|几百|上百|上千|数十|数百|{DIGITS}|{CN_NUMBER})(?P<more>多|几|来|余)?"
_CN_COUNT = re.compile(
    rf"{_CN_NUMBER_WITH_MORE}\s*(?:个|通|次|条|遍)?\s*(?:催收|催款|骚扰|陌生|不同号码的?)?的?"
    r"(?P<unit>未接来电|来电|电话|短信|信息|消息|微信|次|通|遍|条)"
)
# The unit before the number: "电话有五六十个", "一天五十多个".
_CN_COUNT_AFTER = re.compile(
    rf"(?:有|达|共|总共|一共|打了|天|时)\s*{_CN_NUMBER_WITH_MORE}\s*(?P<unit>个|通|次|条)(?![\u4e00-\u9fff]*[人年月天元块])"
)
_EN_COUNT = re.compile(
    rf"\b(?P<number>dozens|hundreds|scores|\d{{1,4}}|{EN_NUMBER})(?:\s*(?:to|-|–|or)\s*(?P<upper>\d{{1,4}}|{EN_NUMBER}))?"
    r"(?:\s+or\s+more|\s+plus|\+)?\s+(?:of\s+)?(?:(?:more|different|separate|collection|harassing|robo|phone|missed|"
    r"automated|unwanted)\s+){0,2}(?P<unit>times|calls|phone\s+calls|messages|texts|text\s+messages|voicemails|"
    r"voice\s+mails|emails|e-mails)\b",
    re.IGNORECASE,
)
_CN_INTERVAL = re.compile(r"每(?:隔)?(?:一)?(?:个)?(?:几|半|十|二十|三十|[0-9]{1,2})?(?:个)?(?:小时|分钟)")
_EN_INTERVAL = re.compile(r"\bevery\s+(?:single\s+)?(?:few\s+|couple\s+of\s+|\d{1,2}\s+|half\s+an?\s+|other\s+)?"
                          r"(?:hour|hours|minute|minutes)\b", re.IGNORECASE)
_VAGUE = {"几十": 20, "数十": 20, "几百": 200, "数百": 200, "上百": 100, "上千": 1000, "dozens": 24, "hundreds": 200,
          "scores": 40}
_DAY = re.compile(
    r"一天|每天|天天|当天|每日|一日|一上午|一个上午|一下午|一个下午|一晚上?|一个晚上|一夜|一小时|一个小时|半天|半小时|"
    r"今天|昨天|一早上|上午|下午|晚上|\ba\s+day\b|\bper\s+day\b|\beach\s+day\b|\bevery\s+day\b|\bdaily\b|\bone\s+day\b|"
    r"\bsingle\s+day\b|\bsame\s+day\b|\b(?:one|an|the)\s+(?:afternoon|morning|evening|hour)\b|\btoday\b|\byesterday\b|"
    r"\bwithin\s+(?:an|one)\s+hour\b|\bin\s+(?:an|one)\s+hour\b",
    re.IGNORECASE,
)
_WEEK = re.compile(r"一周|一个星期|一星期|七天|这周|一个礼拜|\ba\s+week\b|\bper\s+week\b|\bone\s+week\b|\bthis\s+week\b|"
                   r"\bseven\s+days\b|\b7\s+days\b", re.IGNORECASE)
_CONTACT_UNIT = re.compile(r"电话|短信|信息|消息|微信|来电|call|message|text|voicemail|mail", re.IGNORECASE)
_CONTACT_WORD = re.compile(r"打|电话|短信|信息|微信|催|联系|call|phon|text|messag|contact|voicemail|rang|ring", re.IGNORECASE)
INTERVAL_PER_DAY = 14  # every hour within permitted hours: about fourteen contacts a day


def _span(clause: str) -> str | None:
    if _DAY.search(clause):
        return "day"
    return "week" if _WEEK.search(clause) else None


def contact_counts(text: str, clause_of) -> list[ContactCount]:
    """Counts of contacts, with the span their clause names; `clause_of(start)` gives the clause around a position."""
    found = []
    chinese, english = bool(HAN.search(text)), bool(LATIN.search(text))
    patterns = ([_CN_COUNT, _CN_COUNT_AFTER] if chinese else []) + ([_EN_COUNT] if english else [])
    for pattern in patterns:
        for match in pattern.finditer(text):
            clause = clause_of(match.start())
            nearby = text[max(0, match.start() - 20): match.end() + 10]
            if not _CONTACT_UNIT.search(match["unit"]) and not _CONTACT_WORD.search(nearby):
                continue
            if any(item.start <= match.start() < item.end or match.start() <= item.start < match.end() for item in found):
                continue
            number = match["number"]
            if number.lower() in _VAGUE:
                count = _VAGUE[number.lower()]
            else:
                parsed = parse_number(number)
                if parsed is None:
                    continue
                count = parsed[1] + (1 if match.groupdict().get("more") in ("多", "几", "余") else 0)
                if match.groupdict().get("upper"):
                    upper = parse_number(match["upper"])
                    count = max(count, upper[1]) if upper else count
            found.append(ContactCount(match.start(), match.end(), match.group(), count, _span(clause)))
    for pattern in ([_CN_INTERVAL] if chinese else []) + ([_EN_INTERVAL] if english else []):
        for match in pattern.finditer(text):
            if _CONTACT_WORD.search(clause_of(match.start())):
                found.append(ContactCount(match.start(), match.end(), match.group(), INTERVAL_PER_DAY, "day"))
    return found
