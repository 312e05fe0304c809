#!/usr/bin/env bash
# Runs every test: unit tests beside the code and the end-to-end tests in tests/ (real HAProxy, real HTTP).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/install-deps.sh --tests
mvn -B verify "$@"
# The .deb (built by the verify above), the systemd unit and the Ansible role, installed for real (tests/install/run.sh).
bash tests/install/run.sh
