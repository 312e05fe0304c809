#!/usr/bin/env bash
# Runs every test: unit tests beside the code and the end-to-end tests in tests/ (real HAProxy, real HTTP).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/install-deps.sh --tests
mvn -B verify "$@"
