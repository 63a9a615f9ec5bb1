#!/usr/bin/env bash
# One command for a fresh machine: set up, lint, type-check and run the whole suite against a real
# Neo4j (the tests start their own local server; LIANTU_NEO4J_URI points them at another one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
