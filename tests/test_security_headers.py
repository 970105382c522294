"""Every response carries the security headers; a page runs only our own scripts."""

import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["login", "complaints:complaint_new", "enforcement:public", "api-docs", "api-schema"])
def test_public_responses_carry_the_security_headers(client, route):
    response = client.get(reverse(route))
    policy = dict(directive.strip().split(" ", 1) for directive in response.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and "'unsafe-eval'" not in str(policy)
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


@pytest.mark.django_db
def test_dashboard_pages_have_no_inline_script_or_handler(client, sam_supervisor, alice_agency, agency_a):
    """The CSP would block them: charts are JSON data drawn by static/js/charts.js."""
    client.force_login(sam_supervisor)
    pages = [client.get(reverse("dashboard:overview")), client.get(reverse("api-docs"))]
    client.force_login(alice_agency)
    pages.append(client.get(reverse("dashboard:entity", kwargs={"kind": "agency", "code": "AA"})))
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert not INLINE_SCRIPT.findall(html), INLINE_SCRIPT.findall(html)
        assert not INLINE_HANDLER.findall(html)
    assert 'class="plotly-chart"' in pages[0].content.decode()
