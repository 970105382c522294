"""One registry of the words people read for the codes the product stores (STYLE.md §17).

Each app registers its code sets when it is ready (`register("category", Category)`); pages,
charts, CSV files, e-mails and PDFs ask `label(kind, code)`, and the API returns the code with
its label. Nothing here imports an app, so the ground floor stays below every app that uses it.
"""

from collections.abc import Mapping

from django.db.models import Choices

_LABELS: dict[str, dict[str, str]] = {}


def register(kind: str, labels: type[Choices] | Mapping[str, str]) -> None:
    """Add (or replace) the labels of one kind of code; labels may be lazy translations."""
    _LABELS[kind] = dict(labels.choices) if isinstance(labels, type) and issubclass(labels, Choices) else dict(labels)


def label(kind: str, code: str | None) -> str:
    """The label of `code` in the active language; an unknown code is shown as it is, never hidden."""
    if code in (None, ""):
        return ""
    found = _LABELS.get(kind, {}).get(code)
    return str(found) if found is not None else str(code)


def labels(kind: str) -> dict[str, str]:
    """Every code of a kind with its label, in registration order."""
    return {code: str(text) for code, text in _LABELS.get(kind, {}).items()}


def codes() -> set[str]:
    """Every registered code of every kind (the browser test looks for them in visible text)."""
    return {code for table in _LABELS.values() for code in table}
