"""The in-memory search index answers as a plain reading of the published rows would: each query's matches,
facet counts and trend are checked against a computation of this test's own, over the rows in Python."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.utils import timezone

from complaints.models import Complaint
from supervision.public.models import PublishedCategory, PublishedComplaint
from supervision.public.search import search_tokens
from supervision.public.selectors import FACETS, PublicQuery, facets, matching_ids, trends

pytestmark = pytest.mark.django_db

SENTENCES = ["催收员凌晨三点打电话", "把欠款告诉了我的同事", "一天之内接到二十多个电话", "群发给通讯录里的联系人",
             "Collector called my boss at work", "they call every night", "同事说接到了催收电话", ""]
CATEGORIES = ["quiet_hours", "contact_blasting", "third_party_disclosure", "threats_insults"]


@pytest.fixture
def rows(lender_a, lender_b, agency_a, agency_b):
    """Sixty published complaints with every facet's values mixed, some with no value at all."""
    chosen = random.Random(7)
    made = []
    for number in range(60):
        complaint = Complaint.objects.create(receipt_no=f"R{number}", tracking_digest="-", complainant_role="borrower",
                                             received_at=timezone.now())
        narrative = "，".join(chosen.sample(SENTENCES, 2)).strip("，")
        made.append(PublishedComplaint(
            complaint=complaint, received_on=dt.date(2025, 1, 1) + dt.timedelta(days=chosen.randrange(400)),
            province=chosen.choice(["BJ", "GD", ""]), lender=chosen.choice([lender_a, lender_b, None]),
            agency=chosen.choice([agency_a, agency_b, None]), channel=chosen.choice(["call", "sms", ""]),
            response=chosen.choice(["closed_with_relief", "in_progress"]), timely=chosen.choice([True, False, None]),
            narrative=narrative, search_tokens=search_tokens(narrative), published_at=timezone.now()))
    PublishedComplaint.objects.bulk_create(made)
    PublishedCategory.objects.bulk_create([PublishedCategory(published=row, code=code) for row in made
                                           for code in chosen.sample(CATEGORIES, chosen.randrange(3))])
    return list(PublishedComplaint.objects.select_related("lender", "agency").prefetch_related("categories"))


def values(row: PublishedComplaint, facet: str) -> set[str]:
    """The facet's values of a row, as the API names them."""
    if facet == "category":
        return {category.code for category in row.categories.all()}
    if facet in ("lender", "agency"):
        entity = getattr(row, facet)
        return {entity.code} if entity else ({"in_house"} if facet == "agency" else set())
    if facet == "timely":
        return {str(row.timely).lower()} if row.timely is not None else set()
    if facet == "has_narrative":
        return {"true" if row.narrative else "false"}
    return {getattr(row, facet)} - {""}


def found(row: PublishedComplaint, search: str) -> bool:
    words = search_tokens(search).split()
    if len(words) == 1 and len(words[0]) == 1:
        return any(words[0] in word for word in row.search_tokens.split())
    return f" {' '.join(words)} " in f" {row.search_tokens} "


def passes(row, query: PublicQuery, *, but: str | None = None) -> bool:
    if query.search and not found(row, query.search):
        return False
    if (query.date_min and row.received_on < query.date_min) or (query.date_max and row.received_on > query.date_max):
        return False
    for facet in set(query.include) | set(query.exclude):
        taken = values(row, facet)
        if facet != but and (taken & set(query.exclude.get(facet, ())) or
                             (facet in query.include and not taken & set(query.include[facet]))):
            return False
    return True


QUERIES = [
    PublicQuery(),
    PublicQuery(search="同事"),
    PublicQuery(search="催收电话"),  # a phrase of three pairs
    PublicQuery(search="电"),  # one character
    PublicQuery(search="CALL"),
    PublicQuery(search="called boss"),  # two words, not next to each other: no match
    PublicQuery(search="！？"),  # nothing searchable: nothing found
    PublicQuery(date_min=dt.date(2025, 3, 1), date_max=dt.date(2025, 9, 30), include={"province": ("BJ",)}),
    PublicQuery(include={"agency": ("in_house", "AB")}, exclude={"category": ("quiet_hours",)}),
    PublicQuery(search="同事", include={"category": ("contact_blasting", "threats_insults")},
                exclude={"timely": ("false",), "lender": ("LB",)}),
    PublicQuery(include={"timely": ("true", "false"), "has_narrative": ("true",), "channel": ("sms",)}),
    PublicQuery(exclude={"province": ("GD",), "agency": ("AA",), "response": ("in_progress",)}),
    PublicQuery(include={"lender": ("NOSUCH",)}),
]


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_matches_facets_and_trends_are_those_of_the_rows(rows, query):
    expected = sorted((row for row in rows if passes(row, query)), key=lambda row: (row.received_on, row.pk),
                      reverse=True)
    assert matching_ids(query) == [row.pk for row in expected]

    counted = facets(query)
    assert counted.total == len(expected)
    for facet in FACETS:
        tally = Counter(value for row in rows if passes(row, query, but=facet) for value in values(row, facet))
        assert {item["value"]: item["count"] for item in counted.counts[facet]} == dict(tally), facet

    by_quarter = Counter(f"{row.received_on.year}Q{(row.received_on.month - 1) // 3 + 1}" for row in expected)
    trend = trends(query, lens="overview", interval="quarter")
    assert {period: n for period, n in zip(trend["periods"], trend["series"][0]["counts"], strict=True) if n} == \
        dict(by_quarter)


def test_a_trend_by_category_counts_each_complaint_once_per_category(rows):
    trend = trends(PublicQuery(), lens="category", interval="year", top=2)
    tally = Counter(code for row in rows for code in values(row, "category"))
    leaders = [code for code, _n in sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:2]]
    assert [series["value"] for series in trend["series"]] == leaders
    assert [sum(series["counts"]) for series in trend["series"]] == [tally[code] for code in leaders]


def test_the_index_follows_every_change_to_the_published_rows(rows):
    assert matching_ids(PublicQuery(search="老赖")) == []
    row = rows[0]
    PublishedComplaint.objects.filter(pk=row.pk).update(narrative="他们说我是老赖", search_tokens=search_tokens("他们说我是老赖"))
    assert matching_ids(PublicQuery(search="老赖")) == [row.pk]
    PublishedComplaint.objects.filter(pk=row.pk).delete()
    assert matching_ids(PublicQuery(search="老赖")) == []


def test_an_empty_public_database_answers_nothing_found(client):
    body = client.get("/api/v1/public/complaints/", {"search": "同事", "not_category": "quiet_hours"}).json()
    assert body["count"] == 0 and body["results"] == [] and body["aggregations"]["category"] == []
    assert client.get("/api/v1/public/complaints/trends/", {"lens": "category"}).json()["series"] == []
