#!/usr/bin/env bash
# One command for a fresh machine: set up, start the local Neo4j, load the sample and report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/liantu demo "$@"
