"""Search words for Chinese and English text, the same for documents and queries.

PostgreSQL's text search does not segment Chinese. Each run of Chinese characters becomes its overlapping
pairs (监管机构 → 监管 管机 机构), Latin words stay words, and a query is searched as a phrase of the same
tokens, so a two-character word inside a sentence is found and longer words must appear in order. A GIN
index over the stored to_tsvector('simple', search_tokens) serves it (migration 0003, PostgreSQL only).
"""

import re

RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def search_tokens(text: str) -> str:
    tokens = []
    for run in RUN.findall(text or ""):
        if CJK.match(run):
            tokens += [run[index:index + 2] for index in range(max(1, len(run) - 1))]
        else:
            tokens.append(run.lower())
    return " ".join(tokens)
