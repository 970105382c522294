"""Benchmark: the public complaint database with 1,000,000 published complaints on PostgreSQL.

- a Chinese search with two filters and every facet, 20 concurrent clients (gunicorn, 2 workers, wrk), each
  request a query no cache holds (bench/wrk_unique.lua), and the same query repeated (served from the cache);
- the trends endpoint, likewise;
- the CSV export of 100,000 rows: time to the last byte and the peak memory Python allocated while streaming;
- first, the time a web worker takes to build the in-memory search index (at its start, and after each
  publication run); the servers measured have built theirs before they answer.

It empties the complaint tables of the database it is given, so it insists on a name ending in _bench:

    createdb -h 127.0.0.1 -U postgres supervision_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/supervision_bench .venv/bin/python bench/public_search.py
"""

import argparse
import os
import sys
import time
import tracemalloc
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervision.settings")
os.environ.setdefault("PUBLIC_SEARCH_THROTTLE_RATE", "1000000/second")  # measure the server, not the throttle

# Twenty accounts of the kinds people write, each with its own words: a search for one of them finds ~1 in 20.
TEMPLATES = [
    "催收员凌晨三点打电话，说不还钱就去单位找领导。", "他们把我的欠款告诉了我的同事，让我在公司抬不起头。",
    "一天之内接到二十多个催收电话，换着号码打。", "催收短信群发给我通讯录里的所有联系人。",
    "对方自称法院工作人员，说已经立案要抓人。", "我已经协商缓催三个月，电话却一天没停。",
    "贷款上个月已经结清，还有人每天打电话催还款。", "催收员辱骂我的父母，还威胁要上门。",
    "平台说和这家催收公司早就没有合作了。", "这笔网贷不是我借的，身份证被人冒用了。",
    "要求提供借款合同和欠款明细，他们拿不出来。", "晚上十一点多还在给我妹妹打电话。",
    "他们给我舅舅打电话说我是老赖。", "催收人员在微信群里发我的照片。",
    "我的房东也接到了催收电话。", "催收员冒充律师发来所谓的律师函。",
    "还款日前一天就开始频繁打电话提醒。", "他们打到孩子的学校找班主任。",
    "利息和服务费加起来远超合同约定。", "我申请延期还款，客服一直不回复。",
]


def load_published(count: int) -> None:
    """Publish every loaded complaint, in SQL: half of them with one of the accounts and its search words."""
    from django.db import connection
    from django.utils import timezone

    from supervision.public.models import PublicationRun
    from supervision.public.search import search_tokens

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE public_publishedcategory, public_publishedcomplaint, public_publicationrun "
                       "RESTART IDENTITY")
        cursor.execute(
            """
            INSERT INTO public_publishedcomplaint (complaint_id, received_on, province, lender_id, agency_id, channel,
                response, public_statement, timely, narrative, search_tokens, published_at)
            SELECT c.id, (c.received_at AT TIME ZONE 'Asia/Shanghai')::date, c.region, c.lender_id, c.agency_id,
                   (ARRAY['call','sms','im','visit'])[1 + c.id %% 4],
                   (ARRAY['closed_with_explanation','closed_with_relief','closed_without_relief','in_progress'])
                       [1 + c.id %% 4], '', CASE WHEN c.id %% 4 = 3 THEN NULL ELSE c.id %% 5 <> 0 END,
                   CASE WHEN abs(hashtext(c.id || 'n')) %% 2 = 0
                        THEN (%(texts)s::text[])[1 + abs(hashtext(c.id || 't')) %% %(n)s] ELSE '' END,
                   CASE WHEN abs(hashtext(c.id || 'n')) %% 2 = 0
                        THEN (%(tokens)s::text[])[1 + abs(hashtext(c.id || 't')) %% %(n)s] ELSE '' END, now()
            FROM complaints_complaint c WHERE c.id <= %(count)s
            """, {"texts": TEMPLATES, "tokens": [search_tokens(text) for text in TEMPLATES], "n": len(TEMPLATES),
                  "count": count})
        cursor.execute("INSERT INTO public_publishedcategory (published_id, code) SELECT p.id, cc.code "
                       "FROM public_publishedcomplaint p JOIN complaints_complaintcategory cc "
                       "ON cc.complaint_id = p.complaint_id")
    with connection.cursor() as cursor:  # as autovacuum would leave them: statistics, and the visibility map
        cursor.execute("VACUUM ANALYZE public_publishedcomplaint")
        cursor.execute("VACUUM ANALYZE public_publishedcategory")
    PublicationRun.objects.create(started_at=timezone.now(), finished_at=timezone.now(), published=count)


def stop_queries_left_running() -> None:
    """A stopped server's queries go on in PostgreSQL: end them, so they do not slow the next run."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--csv-rows", type=int, default=100_000)
    parser.add_argument("--csv-only", action="store_true", help="only the CSV export")
    args = parser.parse_args()

    from bench.complaint_stats import bench_database, load_complaints

    bench_database()
    from complaints.models import Complaint
    from supervision.public.models import PublishedComplaint

    started = time.perf_counter()
    if Complaint.objects.count() != args.complaints:
        load_complaints(args.complaints, lender_prefix="BL", agency_prefix="BA")
    if PublishedComplaint.objects.count() != args.complaints:
        load_published(args.complaints)
    print(f"published {args.complaints:,} complaints in {time.perf_counter() - started:.1f} s", flush=True)

    from supervision.public import index, selectors

    started = time.perf_counter()  # what a web worker does when it starts and after each publication run
    built = index.current(selectors.data_version())
    print(f"search index of {len(built.columns.ids):,} complaints and {len(built.words.rows):,} word occurrences "
          f"built in {time.perf_counter() - started:.1f} s", flush=True)

    from bench.dashboard import gunicorn, summary, wrk

    search = urllib.parse.urlencode({"search": "同事", "province": "BJ", "not_category": "quiet_hours"})
    cases = [("search + 2 filters + facets", f"/api/v1/public/complaints/?{search}"),
             ("trends by category, monthly", f"/api/v1/public/complaints/trends/?lens=category&{search}")]
    for name, path in [] if args.csv_only else cases:
        for variant, script in (("uncached", "wrk_unique.lua"), ("cached", "wrk_percentiles.lua")):
            # A server of its own for each run: requests still queued from the last run must not count in this one.
            with gunicorn() as base:
                run = wrk(base + path, seconds=args.seconds, connections=20, script=script)
                print(f"{name + ', ' + variant:<40} {summary(run)}", flush=True)
            stop_queries_left_running()

    from django.conf import settings
    from django.test import Client

    settings.PUBLIC_CSV_MAX_ROWS = args.csv_rows

    def download() -> int:
        response = Client().get("/api/v1/public/complaints/", {"format": "csv"})
        return sum(len(chunk) for chunk in response.streaming_content)

    tick = time.perf_counter()
    size = download()
    seconds = time.perf_counter() - tick
    tracemalloc.start()  # a second pass: tracing every allocation slows Python several times over
    download()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"CSV of {args.csv_rows:,} rows: {size / 1e6:.1f} MB in {seconds:.1f} s; peak Python memory while "
          f"streaming {peak / 1e6:.1f} MB", flush=True)


if __name__ == "__main__":
    main()
