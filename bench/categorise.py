"""Benchmark: how well and how fast the categoriser suggests categories.

Prints recall and precision per category on (a) every CFPB debt-collection narrative in ../shared/data/ against
DOMAIN.md's issue › sub-issue mapping (US Regulation F profile), and (b) the Chinese set in
tests/complaints/narratives_zh.tsv (CN profile); then the time to categorise a 5,000-character narrative.
Needs no database:

    .venv/bin/python bench/categorise.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervision.settings")


def timing(narrative: str, runs: int = 50) -> list[float]:
    from complaints.categorise import CN_RULES, categorise

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        categorise(narrative, CN_RULES)
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def main() -> None:
    import django

    django.setup()
    from complaints.categorise.evaluation import cfpb_cases, chinese_cases, evaluate_cfpb, evaluate_chinese

    print("\n".join(evaluate_cfpb().lines("CFPB debt-collection narratives, US Regulation F profile")))
    print("\n".join(evaluate_chinese().lines("Chinese set, CN profile")))
    zh_text = "".join(case.narrative for case in chinese_cases())[:5000]
    en_text = " ".join(case.narrative for case in cfpb_cases())[:5000]
    for name, text in (("Chinese", zh_text), ("English", en_text)):
        times = timing(text)
        print(f"categorise one {len(text):,}-character {name} narrative: median {statistics.median(times):.1f} ms, "
              f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms ({len(times)} runs)")


if __name__ == "__main__":
    main()
