"""Suggesting conduct categories from what a narrative states, with the words behind each suggestion.

One home for the rules: phrases per category (`lexicon.CUES`), clock times and counts judged against the rule
profile (`measures`), and negation scoped to its clause (`negation`). Suggestions only: the complainant may accept
them, and a supervisor confirms them at triage.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from ..choices import Category
from .lexicon import CUES
from .measures import chinese_times, contact_counts, english_times
from .negation import clause_around, is_negated
from .numbers import HAN, LATIN

MEASURE_WEIGHT = 3  # a time outside the permitted hours, or a count above a limit, names the conduct outright
MIN_SCORE = 2  # one weak phrase alone suggests nothing
SHARE_OF_TOP = 0.5


@dataclass(frozen=True)
class Rules:
    """What the categoriser needs of a rule profile: permitted hours and contact limits."""

    name: str
    permitted_from: dt.time
    permitted_until: dt.time
    daily_limit: int | None
    seven_day_limit: int | None

    @classmethod
    def from_profile(cls, profile) -> "Rules":
        return cls(name=profile.name, permitted_from=profile.permitted_from, permitted_until=profile.permitted_until,
                   daily_limit=profile.collector_daily_attempt_limit, seven_day_limit=profile.seven_day_attempt_limit)

    def limit_for(self, span: str | None) -> int | None:
        if span == "day":
            return self.daily_limit or self.seven_day_limit
        if span == "week":
            return self.seven_day_limit or (self.daily_limit * 7 if self.daily_limit else None)
        return self.seven_day_limit or self.daily_limit


# DOMAIN.md's CN profile, for callers without a database (benchmarks, the evaluation).
CN_RULES = Rules("CN", dt.time(8, 0), dt.time(22, 0), daily_limit=6, seven_day_limit=7)
US_RULES = Rules("US Regulation F", dt.time(8, 0), dt.time(21, 0), daily_limit=None, seven_day_limit=7)


@dataclass(frozen=True)
class Evidence:
    """The span of the narrative behind a suggestion, and why it counts."""

    code: str
    text: str
    start: int
    end: int
    reason: str
    weight: int = 0
    rule: str = ""  # which rule found it: evidence of one rule adds up less than evidence of several

    def get_code_display(self) -> str:
        return Category(self.code).label

    def as_dict(self) -> dict:
        return {key: str(value) if key == "code" else value for key, value in asdict(self).items()
                if key not in ("weight", "rule")}


@dataclass(frozen=True)
class Categorisation:
    suggested: list[str]
    evidence: list[Evidence]


def _phrase_evidence(text: str) -> list[Evidence]:
    found, chinese, english = [], bool(HAN.search(text)), bool(LATIN.search(text))
    for index, cue in enumerate(CUES):
        for match in (match for pattern in cue.patterns(chinese=chinese, english=english) for match in pattern.finditer(text)):
            if match.end() == match.start() or (cue.negatable and is_negated(text, match.start())):
                continue
            found.append(Evidence(cue.code, match.group(), match.start(), match.end(), str(cue.reason), cue.weight,
                                  rule=f"cue {index}"))
    return found


def _measure_evidence(text: str, rules: Rules) -> list[Evidence]:
    found = []
    hours = {"start": f"{rules.permitted_from:%H:%M}", "end": f"{rules.permitted_until:%H:%M}", "profile": rules.name}
    times = (chinese_times(text) if HAN.search(text) else []) + (english_times(text) if LATIN.search(text) else [])
    for item in times:
        outside = item.time < rules.permitted_from or item.time >= rules.permitted_until
        if outside and not is_negated(text, item.start):
            reason = _("%(time)s is outside %(start)s–%(end)s (%(profile)s profile)") % (
                {"time": f"{item.time:%H:%M}"} | hours)
            found.append(Evidence(Category.QUIET_HOURS, item.text, item.start, item.end, reason, MEASURE_WEIGHT,
                                  rule="clock time"))
    for item in contact_counts(text, lambda position: clause_around(text, position)):
        limit = rules.limit_for(item.span)
        if limit is None or item.count <= limit or is_negated(text, item.start):
            continue
        if item.span == "day":
            reason = _("%(count)s contacts a day is above the daily limit of %(limit)s (%(profile)s profile)")
        elif item.span == "week":
            reason = _("%(count)s contacts a week is above the 7-day limit of %(limit)s (%(profile)s profile)")
        else:
            reason = _("%(count)s contacts is above the limit of %(limit)s (%(profile)s profile)")
        reason %= {"count": item.count, "limit": limit, "profile": rules.name}
        found.append(Evidence(Category.EXCESSIVE_FREQUENCY, item.text, item.start, item.end, reason, MEASURE_WEIGHT,
                              rule="count"))
    return found


def _scores(evidence: list[Evidence]) -> dict[str, float]:
    """A category's weight: each rule counts once in full, and a little more when it finds more."""
    by_rule: dict[tuple[str, str], list[int]] = defaultdict(list)
    for item in evidence:
        by_rule[(item.code, item.rule)].append(item.weight)
    scores: dict[str, float] = defaultdict(float)
    for (code, _rule), weights in by_rule.items():
        scores[code] += max(weights) + 0.5 * min(len(weights) - 1, 2)
    return scores


def categorise(narrative: str, rules: Rules = CN_RULES) -> Categorisation:
    """The categories a narrative states, in taxonomy order, each with the spans that show it."""
    text = narrative or ""
    evidence = sorted(_phrase_evidence(text) + _measure_evidence(text, rules), key=lambda item: (item.start, item.end))
    scores = _scores(evidence)
    top = max(scores.values(), default=0)
    chosen = {code for code, score in scores.items() if score >= MIN_SCORE and score >= SHARE_OF_TOP * top}
    suggested = [code for code in Category.values if code in chosen]
    return Categorisation(suggested, [item for item in evidence if item.code in chosen])


@dataclass(frozen=True)
class Segment:
    """A piece of a narrative, marked when it is evidence for a suggestion."""

    text: str
    evidence: tuple[Evidence, ...] = ()


def segments(text: str, evidence: list[Evidence]) -> list[Segment]:
    """The narrative cut at the evidence spans, so a page can mark them (overlapping spans are merged)."""
    cuts = sorted({0, len(text)} | {item.start for item in evidence} | {item.end for item in evidence})
    parts = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(item for item in evidence if item.start <= start and end <= item.end)
        if parts and parts[-1].evidence and covering and set(parts[-1].evidence) & set(covering):
            parts[-1] = Segment(parts[-1].text + text[start:end], tuple(dict.fromkeys(parts[-1].evidence + covering)))
        else:
            parts.append(Segment(text[start:end], covering))
    return parts


def rules_for(profile=None) -> Rules:
    """The rules of a profile, or of the profile in force."""
    from supervision.rules.models import default_profile

    return Rules.from_profile(profile or default_profile())


def suggest_categories(narrative: str, rules: Rules = CN_RULES) -> list[str]:
    """Category codes a narrative states, in taxonomy order."""
    return categorise(narrative, rules).suggested
