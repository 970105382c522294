"""How well the suggestions match categories people gave: recall and precision per category.

Two sets: every CFPB debt-collection narrative in `../shared/data/` against DOMAIN.md's issue › sub-issue mapping
(one label per narrative; a suggestion counts as right only when it is that label), and a Chinese set written
for the taxonomy (`tests/complaints/narratives_zh.tsv`: expected codes, then the narrative). Used by
`bench/categorise.py` and by the floors the suite asserts.
"""

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..choices import Category
from ..imports import cfpb_category
from . import CN_RULES, US_RULES, Rules, suggest_categories

ROOT = Path(__file__).resolve().parents[2]
CFPB_FILES = sorted((ROOT.parent / "shared" / "data").glob("cfpb_*.csv"))
CHINESE_SET = ROOT / "tests" / "complaints" / "narratives_zh.tsv"


@dataclass(frozen=True)
class Case:
    narrative: str
    expected: frozenset[str]


@dataclass
class Score:
    cases: int = 0
    true_positives: Counter = field(default_factory=Counter)
    suggested: Counter = field(default_factory=Counter)
    expected: Counter = field(default_factory=Counter)

    def recall(self, code: str | None = None) -> float:
        hits = self.true_positives[code] if code else sum(self.true_positives.values())
        total = self.expected[code] if code else sum(self.expected.values())
        return hits / total if total else 1.0

    def precision(self, code: str | None = None) -> float:
        hits = self.true_positives[code] if code else sum(self.true_positives.values())
        total = self.suggested[code] if code else sum(self.suggested.values())
        return hits / total if total else 1.0

    def lines(self, title: str) -> list[str]:
        rows = [f"{title}: {self.cases} narratives",
                f"  {'category':<24}{'expected':>9}{'suggested':>10}{'right':>7}{'recall':>8}{'precision':>10}"]
        for code in Category.values:
            if self.expected[code] or self.suggested[code]:
                rows.append(f"  {code:<24}{self.expected[code]:>9}{self.suggested[code]:>10}{self.true_positives[code]:>7}"
                            f"{self.recall(code):>8.0%}{self.precision(code):>10.0%}")
        rows.append(f"  {'overall':<24}{sum(self.expected.values()):>9}{sum(self.suggested.values()):>10}"
                    f"{sum(self.true_positives.values()):>7}{self.recall():>8.0%}{self.precision():>10.0%}")
        return rows


def cfpb_cases(paths: Iterable[Path] = CFPB_FILES) -> list[Case]:
    """Debt-collection narratives whose mapped category is not `other`, labelled with that category."""
    cases = []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as handle:
            for record in csv.DictReader(handle):
                record = {key.strip(): (value or "").strip() for key, value in record.items() if key}
                narrative = record.get("Consumer complaint narrative", "")
                if record.get("Product", "").lower() != "debt collection" or narrative in ("", "None"):
                    continue
                code = cfpb_category(record["Issue"], record["Sub-issue"])
                if code != Category.OTHER:
                    cases.append(Case(narrative, frozenset([code])))
    return cases


def chinese_cases(path: Path = CHINESE_SET) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            codes, narrative = line.split("\t", 1)
            cases.append(Case(narrative.strip(), frozenset(code for code in codes.split(",") if code != "-")))
    return cases


def evaluate(cases: Iterable[Case], rules: Rules) -> Score:
    score = Score()
    for case in cases:
        suggested = set(suggest_categories(case.narrative, rules))
        score.cases += 1
        score.expected.update(case.expected)
        score.suggested.update(suggested)
        score.true_positives.update(suggested & case.expected)
    return score


def evaluate_cfpb() -> Score:
    return evaluate(cfpb_cases(), US_RULES)


def evaluate_chinese() -> Score:
    return evaluate(chinese_cases(), CN_RULES)
