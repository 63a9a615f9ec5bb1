#!/usr/bin/env bash
# Set up Liantu on a fresh machine: a virtualenv with the package and its tools, and the Neo4j
# server libraries from Maven Central. Safe to run again; it only does what is missing.
#   LIANTU_EXTRAS  pip extras to install (default: dev)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
EXTRAS="${LIANTU_EXTRAS:-dev}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "setup: '$1' is required: $2" >&2; exit 1; }; }
need "$PYTHON" "Python 3.11 or newer"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || { echo "setup: Python 3.11 or newer is required" >&2; exit 1; }
if [ -z "${LIANTU_NEO4J_URI:-}" ]; then
  need java "a Java 17+ runtime runs the local Neo4j (e.g. apt-get install openjdk-17-jre-headless)"
  need mvn "Maven fetches Neo4j from Maven Central (e.g. apt-get install maven)"
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[${EXTRAS}]"

if [ -z "${LIANTU_NEO4J_URI:-}" ]; then
  .venv/bin/liantu neo4j fetch
fi
echo "setup: done (.venv ready${LIANTU_NEO4J_URI:+, using external Neo4j at $LIANTU_NEO4J_URI})"
