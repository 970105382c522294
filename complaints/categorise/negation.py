"""Negation scoped to the phrase it governs: "并没有辱骂我" and "they did not call my family" deny the conduct.

A negator governs what follows it in its own clause, until a new subject or a connective starts another predicate:
in "我还没还款，他们就威胁我" and "I did not pay so they threatened me" the threat is not denied.
"""

import re

_CLAUSE_END = re.compile(
    r"[，。,.;；！？!?\n:：]|但是|但|可是|却|而是|不过|\b(?:but|however|although|though|yet)\b", re.IGNORECASE
)
_NEGATOR = re.compile(
    r"并没有|并没|并未|没有|没|未曾|不曾|从未|从没|从来没有?|并非|绝无|未(?!经)|"
    r"\b(?:not|never|no\s+longer|neither|nor|didn'?t|don'?t|doesn'?t|haven'?t|hasn'?t|hadn'?t|wasn'?t|weren'?t|"
    r"won'?t|wouldn'?t|cannot|can'?t|isn'?t|aren'?t)\b",
    re.IGNORECASE,
)
# A new subject or connective between the negator and the phrase ends the negator's reach.
_SCOPE_END = re.compile(
    r"他们|他|她|对方|催收员?|就|才|便|于是|然后|结果|所以|因为|反而|"
    r"\b(?:they|he|she|i|it|we|you|so|and|then|because|when|until|only|just)\b",
    re.IGNORECASE,
)
_REACH = 40  # characters: about six English words, or a short Chinese predicate


def clause_start(text: str, position: int) -> int:
    """Where the clause holding `position` begins."""
    start = 0
    for match in _CLAUSE_END.finditer(text, max(0, position - 200), position):
        start = match.end()
    return start


def clause_around(text: str, position: int) -> str:
    end_match = _CLAUSE_END.search(text, position)
    return text[clause_start(text, position): end_match.start() if end_match else len(text)]


def is_negated(text: str, start: int) -> bool:
    """Whether the phrase beginning at `start` is denied by a negator before it in the same clause."""
    begin = max(clause_start(text, start), start - _REACH)
    negators = list(_NEGATOR.finditer(text, begin, start))
    if not negators:
        return False
    between = text[negators[-1].end(): start]
    return not _SCOPE_END.search(between)
