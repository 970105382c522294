"""Schemathesis over the OpenAPI schema, as each role: no server error, no response outside the schema.

A bounded run (FUZZ_EXAMPLES per operation, each sent as every role) runs in `make test`;
`scripts/fuzz_api.sh` runs longer, with schemathesis's coverage phase (boundary values) too.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from supervision.accounts.models import ApiToken
from supervision.wsgi import application

ROLES = ("anonymous", "sam_supervisor", "ivy_inspector", "ada_admin", "larry_lender", "alice_agency", "bob_agency")
# What the API promises: no server error, and every answer as documented. (Schemathesis's checks of how
# strict input validation is, such as a credit code's check digit that no schema can state, are left out.)
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.response_headers_conformance]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# The coverage phase (boundary values of every parameter) takes minutes: the long run keeps it.
schema.config.phases.coverage.enabled = os.environ.get("FUZZ_COVERAGE", "") == "1"


@pytest.fixture(autouse=True)
def in_the_tests_transaction(db):
    """The app is called in-process: keep its connection open between requests, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(lender_a, agency_a, agency_b, mandate_a, request) -> dict[str, dict]:
    headers = {"anonymous": {}}
    for role in ROLES[1:]:
        user = request.getfixturevalue(role)
        headers[role] = {"Authorization": f"Token {ApiToken.objects.create(user=user)[1]}"}
    return headers


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_every_generated_request_within_its_schema(case, tokens):
    for role in ROLES:
        case.call_and_validate(headers=tokens[role], checks=CHECKS)
