#!/usr/bin/env bash
# A longer schemathesis run than `make test` does: more examples per operation, plus the coverage
# phase (boundary and out-of-range values of every parameter). Set DATABASE_URL to fuzz on PostgreSQL.
#   scripts/fuzz_api.sh [EXAMPLES]      (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
make install-dev messages >/dev/null
FUZZ_EXAMPLES="${1:-300}" FUZZ_COVERAGE=1 exec .venv/bin/python -m pytest -p no:cacheprovider tests/test_api_fuzz.py
