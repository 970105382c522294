"""People and entities that tests name, so that a test reads like a sentence."""

import datetime as dt
import io

import pytest
from rest_framework.test import APIClient

from supervision.accounts.models import Role
from tests.factories import AgencyFactory, LenderFactory, MandateFactory, UserFactory
from tests.reporting.builders import accounts_csv, contacts_csv

OCTOBER = dt.date(2026, 10, 1)  # the month most tests report and measure

pytest_plugins = ["tests.browser", "tests.object_store"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing at full strength costs ~100 ms a user, and the permission matrix makes hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def data_root(settings, tmp_path):
    """Every test stores report files and evidence in its own folder, and starts with empty throttles."""
    from django.core.cache import cache

    settings.DATA_ROOT = tmp_path / "data"
    settings.MEDIA_ROOT = settings.DATA_ROOT / "media"
    cache.clear()
    return settings.DATA_ROOT


@pytest.fixture(autouse=True)
def force_login_gives_the_second_factor(monkeypatch):
    """`client.force_login` logs a user in as the login page and the second factor together would; tests of the
    second factor itself log in through the login page."""
    from django.test import Client

    from tests.second_factor import verify_session

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def tasks_run_in_process():
    """Tasks run eagerly unless a test starts a real worker (tests/celery_worker.py)."""
    from supervision.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def lender_a(db):
    return LenderFactory(code="LA", name="甲消费金融有限公司")


@pytest.fixture
def lender_b(db):
    return LenderFactory(code="LB", name="乙网络小额贷款有限公司", type="microcredit")


@pytest.fixture
def agency_a(db):
    return AgencyFactory(code="AA", name="甲信息咨询有限公司")


@pytest.fixture
def agency_b(db):
    return AgencyFactory(code="AB", name="乙资产管理有限公司")


@pytest.fixture
def mandate_a(lender_a, agency_a):
    return MandateFactory(lender=lender_a, agency=agency_a)


@pytest.fixture
def mandate_b(lender_b, agency_b):
    return MandateFactory(lender=lender_b, agency=agency_b)


@pytest.fixture
def sam_supervisor(db):
    return UserFactory(username="sam_supervisor", role=Role.SUPERVISOR)


@pytest.fixture
def ivy_inspector(db):
    return UserFactory(username="ivy_inspector", role=Role.INSPECTOR)


@pytest.fixture
def ada_admin(db):
    return UserFactory(username="ada_admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def larry_lender(lender_a):
    """An entity user of lender A."""
    return UserFactory(username="larry_lender", role=Role.ENTITY, lender=lender_a)


@pytest.fixture
def alice_agency(agency_a):
    """An entity user of agency A."""
    return UserFactory(username="alice_agency", role=Role.ENTITY, agency=agency_a)


@pytest.fixture
def bob_agency(agency_b):
    """An entity user of agency B: must never see agency A's data."""
    return UserFactory(username="bob_agency", role=Role.ENTITY, agency=agency_b)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    def login(user):
        api.force_authenticate(user)
        return api

    return login


@pytest.fixture
def accepted_report(db):
    """Accept a report for `submitter` built from hand-written rows."""

    from supervision.reporting.choices import ReportStatus
    from supervision.reporting.services import report_submit, report_validate

    def make(submitter, accounts: list[dict], contacts: list[dict], period=OCTOBER, version=1):
        report, _ = report_submit(submitter=submitter, period=period,
                                  accounts=io.BytesIO(accounts_csv(*accounts, version=version)),
                                  contacts=io.BytesIO(contacts_csv(*contacts, version=version)), dispatch=False)
        report = report_validate(report_id=report.pk)
        assert report.status == ReportStatus.ACCEPTED, report.errors_preview
        return report

    return make


@pytest.fixture
def metric_values(db):
    """Compute October and return {(scope, entity, metric): value}."""

    from supervision.metrics.models import MetricResult
    from supervision.metrics.services import metrics_compute
    from supervision.rules.models import RuleProfile, default_profile

    def compute(profile_name: str = "CN", **kwargs) -> dict:
        default_profile()  # the shipped profiles, even after a transactional test emptied the tables
        profile = RuleProfile.objects.get(name=profile_name)
        metrics_compute(period=OCTOBER, profile=profile, **kwargs)
        results = MetricResult.objects.filter(period=OCTOBER, profile=profile)
        return {(r.scope, r.entity_key.split(":", 1)[1], r.metric): r.value for r in results}

    return compute
