from django.http import QueryDict


def query_without(params: QueryDict, *names: str) -> str:
    """The query string less some parameters: the filters a page's links (next page, sort, download) build on."""
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()
