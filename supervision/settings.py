"""Settings for the debt-collection conduct supervision platform.

Everything that differs between a laptop demo and production comes from the
environment; the defaults run the embedded demo (SQLite, tasks in-process).
"""

import datetime as dt
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="insecure-demo-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Key for the keyed hash (HMAC) that pseudonymises person identifiers on ingest.
# Changing it breaks the link between old and new tokens: set once per deployment.
PSEUDONYM_KEY = env("PSEUDONYM_KEY", default="demo-pseudonym-key")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",  # kept until every deployment has run accounts' token migration
    "knox",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "supervision.core",
    "supervision.rules",
    "supervision.provisions",
    "supervision.accounts",
    "supervision.entities",
    "supervision.reporting",
    "supervision.metrics",
    "supervision.dashboard",
    "supervision.inspections",
    "supervision.enforcement",
    "simple_history",
    "complaints",
    "supervision.public",
    "supervision.demo",
    "supervision.operations",
    "django_prometheus",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "supervision.operations.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "supervision.core.security.PermissionsPolicyMiddleware",
    "supervision.core.security.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "supervision.accounts.two_factor.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "supervision.operations.health.DataStoreDownMiddleware",
    "axes.middleware.AxesMiddleware",  # it answers a locked-out login
    "django_prometheus.middleware.PrometheusAfterMiddleware",  # last: it times everything above
]

# Staff give a second factor (supervision/accounts/two_factor.py). Only `make demo` turns it off, and only with DEBUG
# on: a deployment check refuses it otherwise.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Collection conduct supervision"

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "supervision.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "supervision.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests that run a Celery worker in another process need an on-disk test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test_db.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=15 * 60)
# The login lockout is django-axes': a username from one address, for a while; counted in Redis, or in the
# database on the embedded default (a per-process memory cache would count each worker apart).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = ("axes.handlers.cache.AxesCacheHandler" if env("REDIS_URL", default="")
                else "axes.handlers.database.AxesDatabaseHandler")
AXES_FAILURE_LIMIT = "supervision.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "supervision.accounts.lockout.cool_off"
AXES_LOCKOUT_CALLABLE = "supervision.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # lockouts are logged by the handler; every attempt need not be

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Where uploaded reports, their Parquet contact logs and evidence are kept: the folder DATA_ROOT, or with
# DATA_URL=s3://bucket/prefix an S3-compatible object store (then nothing under DATA_ROOT is needed).
DATA_ROOT = Path(env("DATA_ROOT", default=str(BASE_DIR / "var")))
MEDIA_ROOT = DATA_ROOT / "media"
DATA_URL = env("DATA_URL", default="")
if DATA_URL and not DATA_URL.startswith("s3://"):
    raise ImproperlyConfigured("DATA_URL names an S3-compatible bucket (s3://bucket/prefix), or is empty")
DATA_S3_ENDPOINT_URL = env("DATA_S3_ENDPOINT_URL", default="")  # MinIO, Ceph RGW...; empty: AWS
DATA_S3_REGION = env("DATA_S3_REGION", default="")
DATA_S3_ACCESS_KEY_ID = env("DATA_S3_ACCESS_KEY_ID", default="")
DATA_S3_SECRET_ACCESS_KEY = env("DATA_S3_SECRET_ACCESS_KEY", default="")
# Work in progress on this machine's own disk (DuckDB's spill, files before they are published).
SCRATCH_ROOT = env("SCRATCH_ROOT", default="")


# The S3 clients' patience, the same for DuckDB's files (s3fs) and Django's (django-storages): a store that does not
# answer is reported within seconds (the work waits and is tried again) rather than holding a request or a worker.
DATA_S3_CLIENT_CONFIG = {"connect_timeout": 5, "read_timeout": 60, "retries": {"max_attempts": 2}}


def object_store_files(data_url: str, endpoint_url: str, region: str, access_key: str, secret_key: str) -> dict:
    """Django's file storage (evidence) in the data store's bucket, under `<prefix>/media`."""
    from botocore.config import Config

    bucket, _, prefix = data_url.removeprefix("s3://").rstrip("/").partition("/")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": bucket, "location": f"{prefix}/media".lstrip("/"), "file_overwrite": False,
        "endpoint_url": endpoint_url or None, "region_name": region or None,
        "access_key": access_key or None, "secret_key": secret_key or None,
        "client_config": Config(**DATA_S3_CLIENT_CONFIG),
    }}


if DATA_URL:
    STORAGES["default"] = object_store_files(DATA_URL, DATA_S3_ENDPOINT_URL, DATA_S3_REGION, DATA_S3_ACCESS_KEY_ID,
                                             DATA_S3_SECRET_ACCESS_KEY)
REPORT_UPLOAD_MAX_BYTES = env.int("REPORT_UPLOAD_MAX_BYTES", default=2 * 1024**3)
REPORT_DUE_DAYS = env.int("REPORT_DUE_DAYS", default=10)  # a month's report is due this many days after it ends
REPORT_STALL_MINUTES = env.int("REPORT_STALL_MINUTES", default=30)  # an open report untouched this long is retried
DUCKDB_MEMORY_LIMIT = env("DUCKDB_MEMORY_LIMIT", default="1GB")
DUCKDB_THREADS = env.int("DUCKDB_THREADS", default=0)  # per DuckDB session; 0: one per core
# A month's metrics are measured in batches of collectors of about this many contacts, one task each.
METRICS_BATCH_CONTACTS = env.int("METRICS_BATCH_CONTACTS", default=1_000_000)
INSPECTION_STUCK_DAYS = env.int("INSPECTION_STUCK_DAYS", default=30)
ENFORCEMENT_GRACE_DAYS = env.int("ENFORCEMENT_GRACE_DAYS", default=7)  # overdue this long, an action escalates
ENFORCEMENT_ESCALATION_DAYS = env.int("ENFORCEMENT_ESCALATION_DAYS", default=30)  # the stronger action's deadline
# The deadline suggested for a new action of each kind, in days from its issue (a kind not named has none).
# The public complaint database: a consented narrative appears this many days after its complaint is published
# (time for a supervisor to withhold it); a CSV download stops at this many rows; no run for this long is stale.
PUBLIC_NARRATIVE_DELAY_DAYS = env.int("PUBLIC_NARRATIVE_DELAY_DAYS", default=7)
PUBLIC_CSV_MAX_ROWS = env.int("PUBLIC_CSV_MAX_ROWS", default=100_000)
PUBLIC_STALE_AFTER_DAYS = 2
ENFORCEMENT_DEADLINE_DAYS = {"supervisory_talk": 15, "warning": 30, "rectification_order": 60, "suspension": 90}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery: without a broker the tasks run in-process, so the demo needs no Redis.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or None
# What a task did is recorded in the database; the result store (the broker's Redis: when it is down,
# so is the queue) carries the batches of a month's metrics to the step that combines them (a chord).
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A task taken by a worker that died is given to another after this long (late acknowledgement);
# workers look for such tasks about ten times per timeout (kombu's default: every 100 seconds).
TASK_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": TASK_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(100, TASK_VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1,
}
# Copied into django-celery-beat's tables when beat starts; supervisors edit them in the admin.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "supervision.operations.tasks.heartbeat_task", "schedule": 60.0},
    "retention": {"task": "supervision.operations.tasks.retention_task", "schedule": crontab(hour=3, minute=30)},
    "requeue-stalled-reports": {
        "task": "supervision.reporting.tasks.reports_requeue_stalled_task",
        "schedule": 300.0,
    },
    "sweep-data-store": {  # files a crash left between writing a report's files and pointing at them
        "task": "supervision.reporting.tasks.store_sweep_task",
        "schedule": crontab(hour=4, minute=15),
    },
    "complaint-month-counts": {
        "task": "supervision.dashboard.tasks.complaint_counts_refresh_task",
        "schedule": 600.0,
    },
    "propose-inspections": {  # quarterly; the capacity is this task's kwarg, editable in the admin
        "task": "supervision.inspections.tasks.inspections_propose_task",
        "schedule": crontab(day_of_month=1, month_of_year="1,4,7,10", hour=3, minute=0),
        "kwargs": {"capacity": 5},
    },
    "remind-stuck-inspections": {
        "task": "supervision.inspections.tasks.inspections_remind_stuck_task",
        "schedule": crontab(hour=7, minute=30),
    },
    "enforcement-deadlines": {
        "task": "supervision.enforcement.tasks.enforcement_deadlines_task",
        "schedule": crontab(hour=6, minute=0),
    },
    "complaint-response-reminders": {
        "task": "complaints.tasks.complaint_reminders_task",
        "schedule": crontab(hour=8, minute=0),
    },
    "publish-complaints": {
        "task": "supervision.public.tasks.publication_task",
        "schedule": 3600.0,
    },
    "nightly-metrics": {
        "task": "supervision.metrics.tasks.metrics_nightly_task",
        "schedule": crontab(hour=2, minute=30),
    },
}

CACHES = {
    # Redis down is a cache miss, not an error: see core/cache.py.
    "default": {"BACKEND": "supervision.core.cache.TolerantRedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# API tokens: kept as SHA-512 digests only (knox), sent as `Authorization: Token <key>`, expiring.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
REST_KNOX = {"TOKEN_MODEL": KNOX_TOKEN_MODEL, "TOKEN_TTL": dt.timedelta(days=env.int("API_TOKEN_DAYS", default=365)),
             "AUTH_HEADER_PREFIX": "Token", "AUTO_REFRESH": False}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous API call is told 401 with how to authenticate.
        "supervision.accounts.tokens.EntityTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"public": env("PUBLIC_THROTTLE_RATE", default="30/minute"),
                               "public_search": env("PUBLIC_SEARCH_THROTTLE_RATE", default="120/minute"),
                               "report_check": env("REPORT_CHECK_THROTTLE_RATE", default="30/hour")},
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Debt-collection conduct supervision API",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "supervision.core.openapi.add_common_errors",
    ],
    # Several models have a "status"; name each enum after its choices.
    "ENUM_NAME_OVERRIDES": {
        "AgencyStatusEnum": "supervision.entities.choices.AgencyStatus",
        "ReportStatusEnum": "supervision.reporting.choices.ReportStatus",
        "ComplaintStatusEnum": "complaints.choices.ComplaintStatus",
        "ResolutionEnum": "complaints.choices.Resolution",
        "CategoryEnum": "complaints.choices.Category",
        "TokenScopeEnum": "supervision.accounts.models.TokenScope",
        "MetricScopeEnum": "supervision.metrics.models.Scope",
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="supervision@regulator.example")

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Sessions read from the cache (written through to the database, so a cache flush logs nobody out): a page
# served from the cache then costs no session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Scripts only from our own static files: no inline script, no eval, no CDN. Charts carry their
# data as JSON blocks (dashboard/charts.py) that a static script draws. Plotly writes its own
# style rules at run time, so styles (which cannot run code) may be inline.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/"]  # probes from the load balancer speak plain HTTP
    # Behind deploy/nginx/, which sets X-Forwarded-Proto on every request (never trust it from anyone else).
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# GET /monitoring/prometheus: with `Authorization: Bearer <MONITORING_TOKEN>`, or from these networks (CIDR).
MONITORING_TOKEN = env("MONITORING_TOKEN", default="")
MONITORING_ALLOWED_NETWORKS = env.list("MONITORING_ALLOWED_NETWORKS", default=[])

# The retention schedule (supervision/operations/retention.py), in days: a closed complaint's complainant details,
# evidence and unpublished narrative; a decided report's raw uploads and rejection list; who-saw-what records.
RETENTION_COMPLAINANT_DETAILS_DAYS = env.int("RETENTION_COMPLAINANT_DETAILS_DAYS", default=3 * 365)
RETENTION_RAW_UPLOADS_DAYS = env.int("RETENTION_RAW_UPLOADS_DAYS", default=180)
RETENTION_ACCESS_RECORDS_DAYS = env.int("RETENTION_ACCESS_RECORDS_DAYS", default=3 * 365)

# Readiness fails when the scheduler's heartbeat (every minute) is older than this.
HEALTH_BEAT_MAX_AGE = env.int("HEALTH_BEAT_MAX_AGE", default=300)

# One JSON object a line (LOG_FORMAT=json, the default), each with the request id that follows a request into
# its tasks (supervision/operations/logs.py); LOG_FORMAT=text for people reading a terminal.
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "supervision.operations.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "loggers": {
        "supervision": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
        "complaints": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
        "supervision.personal_data": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING"},
    },
}
