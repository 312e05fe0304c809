#!/usr/bin/env bash
# Measures VIP failover times in network namespaces (three routers, a client; 192.0.2.0/24 only) and prints
# min / median / max per fault. Needs root, keepalived, haproxy, nft, curl. Usage: bench-failover.sh [trials]
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/install-deps.sh --tests
trials="${1:-5}"
mvn -B -q -pl tests -am test -Dtest=FailoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsignalbox.bench=true -Dsignalbox.bench.trials="$trials" 2>&1 \
  | grep '^BENCH ' | sed 's/^BENCH //'
