#!/usr/bin/env bash
# Set up Liantu on a fresh machine: a virtualenv with the package and its tools, and the Neo4j
# server libraries from Maven Central. Safe to run again; it only does what is missing.
#   LIANTU_EXTRAS       pip extras to install (default: dev)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
EXTRAS="${LIANTU_EXTRAS:-dev}"
STAMP=.venv/.liantu-installed

step() { printf '\n==> setup: %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "setup: '$1' is required: $2" >&2; exit 1; }; }

if [ -z "${LIANTU_NEO4J_URI:-}" ]; then
  step "checking the tools: Python 3.11+, and Java 17+ and Maven for the local Neo4j"
else
  step "checking the tools: Python 3.11+ (external Neo4j at $LIANTU_NEO4J_URI)"
fi
need "$PYTHON" "Python 3.11 or newer"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || { echo "setup: Python 3.11 or newer is required" >&2; exit 1; }
if [ -z "${LIANTU_NEO4J_URI:-}" ]; then
  need java "a Java 17+ runtime runs the local Neo4j (e.g. apt-get install openjdk-17-jre-headless)"
  need mvn "Maven fetches Neo4j from Maven Central (e.g. apt-get install maven)"
fi
note "$("$PYTHON" --version)"

if [ ! -x .venv/bin/python ]; then
  step "creating the virtualenv .venv"
  "$PYTHON" -m venv .venv
fi

# What to install is pyproject.toml plus the extras: when neither changed since the last successful
# install, there is nothing to do (pip would only print a page of "Requirement already satisfied").
wanted="$(cat pyproject.toml; echo "extras=$EXTRAS")"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ]; then
  step "Python packages: up to date (pyproject.toml and extras [$EXTRAS] unchanged since the last install)"
else
  step "upgrading pip in .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip

  # torch's default Linux build from PyPI carries the NVIDIA CUDA libraries: say so before it starts.
  if .venv/bin/python - "$EXTRAS" <<'EOF'
import importlib.util, re, sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
reqs = list(project["dependencies"])
for extra in filter(None, sys.argv[1].split(",")):
    reqs += project.get("optional-dependencies", {}).get(extra.strip(), [])
wants_torch = any(re.match(r"torch\b(?![-_])", r) for r in reqs)
sys.exit(0 if wants_torch and importlib.util.find_spec("torch") is None else 1)
EOF
  then
    note "torch is about to be installed. Its build on PyPI bundles the NVIDIA CUDA libraries even though"
    note "Liantu runs it on the CPU: about 5 GB once installed (torch 1.2 GB, nvidia-* 3.1 GB, triton 1.0 GB),"
    note "so the first download takes a while; pip shows its progress."
  fi

  step "installing Liantu (editable) and its dependencies into .venv, extras [$EXTRAS]"
  note "the first time this downloads spaCy, SciPy, PyArrow, XGBoost (the CPU-only wheel), igraph, PyTorch"
  note "Geometric and the rest. The download shows its progress; the unpacking after"
  note "'Installing collected packages' is silent and takes a few minutes"
  .venv/bin/python -m pip install --progress-bar on -e ".[${EXTRAS}]"
  printf '%s' "$wanted" > "$STAMP"
fi

# The web console's graph library (Cytoscape.js) comes from the npm registry, pinned by
# console/package-lock.json; `npm ci` copies the browser builds into api/console/vendor/, where the API
# serves them (nothing is fetched from a CDN at run time).
VENDOR=api/console/vendor/cytoscape.esm.min.js
if [ -f "$VENDOR" ] && [ "$VENDOR" -nt console/package-lock.json ]; then
  step "web console libraries: up to date (console/package-lock.json unchanged)"
else
  need npm "Node.js and npm install the web console's graph library (e.g. apt-get install nodejs npm)"
  step "installing the web console's graph library with npm ci (console/package-lock.json)"
  (cd console && npm ci --no-audit --no-fund)
fi

# The console's browser tests drive Debian's chromium with Playwright, never a browser Playwright
# downloads; a CJK font makes the Chinese pages (and their screenshots) readable.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    step "installing Debian's chromium and a CJK font for the console's browser tests (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei
  else
    note "the console's browser tests need /usr/bin/chromium: as root, apt-get install -y chromium fonts-wqy-zenhei"
  fi
fi

if [ -z "${LIANTU_NEO4J_URI:-}" ]; then
  step "fetching the Neo4j 5.26 Community libraries with Maven (once; cached in ${LIANTU_CACHE_DIR:-~/.cache/liantu})"
  .venv/bin/liantu neo4j fetch
fi
step "done: .venv is ready${LIANTU_NEO4J_URI:+, using the external Neo4j at $LIANTU_NEO4J_URI}"
note "the command is .venv/bin/liantu (or 'source .venv/bin/activate' first, then liantu)"
