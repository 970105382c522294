#!/usr/bin/env bash
# Checks a running instance from outside, as an operator would after a deployment:
#   scripts/smoke.sh https://supervision.example        (SMOKE_INSECURE=1 accepts a self-signed certificate)
# Ready (every dependency answers), the login page, a static file, the public pages. Exits 1 on any failure.
set -u
base="${1:?usage: scripts/smoke.sh URL}"
base="${base%/}"
curl_options=(--silent --show-error --max-time 20 --location)
[ "${SMOKE_INSECURE:-0}" = "1" ] && curl_options+=(--insecure)
failures=0

check() {  # check NAME PATH EXPECTED_STATUS [TEXT_THE_BODY_MUST_HOLD]
    local name="$1" path="$2" expected="$3" text="${4:-}" body status
    body="$(mktemp)"
    status="$(curl "${curl_options[@]}" --output "$body" --write-out '%{http_code}' "$base$path" 2>/dev/null || echo 000)"
    if [ "$status" != "$expected" ]; then
        echo "FAIL $name: $path answered $status, expected $expected"
        failures=$((failures + 1))
    elif [ -n "$text" ] && ! grep -q -- "$text" "$body"; then
        echo "FAIL $name: $path does not hold \"$text\""
        failures=$((failures + 1))
    else
        echo "ok   $name ($path $status)"
    fi
    rm -f "$body"
}

check "alive" /health/live 200 '"status": "ok"'
check "ready" /health/ready 200 '"status": "ok"'
check "login page" /login/ 200 'name="password"'
check "static file" /static/js/autosubmit.js 200
check "charts script, served by us" /static/js/plotly.min.js 200
check "public complaint search" /public/complaints/ 200 '<form'
check "complaint form" /complaints/new/ 200 'csrfmiddlewaretoken'
check "API description" /api/schema/ 200 'openapi'

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed against $base"
    exit 1
fi
echo "all checks passed against $base"
