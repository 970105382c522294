"""Search words for Chinese and English text, the same for documents and queries.

Chinese is written without spaces. Each run of Chinese characters becomes its overlapping pairs (监管机构 →
监管 管机 机构), Latin words stay words, and a query is searched as a phrase of the same tokens, so a
two-character word inside a sentence is found and longer words must appear in order. The published
complaints keep these words (`search_tokens`); the in-memory index (`index.py`) finds a phrase in them.
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
