#!/usr/bin/env bash
# Runs the router benchmarks of BENCHMARKS.md (not part of `mvn verify`) and prints the BENCH lines.
#   bash tests/bench/run-bench.sh                                  # every benchmark (about 15 minutes)
#   bash tests/bench/run-bench.sh 'RouterBench#changeToTrafficLatency'  # one of them (or 'ScaleBench')
# Knobs: BENCH_CHANGES (default 200, runtime mode), BENCH_RELOAD_CHANGES (default 10: changes that need a reload
# wait up to RELOAD_INTERVAL=5s each), BENCH_ZERO_DROP_SECONDS (default 40).
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-}
test="${which:-RouterBench,ScaleBench}"
log="${BENCH_LOG:-tests/target/bench.log}"
bash tests/install-deps.sh --bench
echo "load: $(cat /proc/loadavg)  cpus: $(nproc)  haproxy: $(haproxy -v | head -1)"
# The daemon runs as the package runs it: from the shaded jar, as its own process.
mvn -B -q -pl router -am package -DskipTests -Djdeb.skip
mvn -B -q -pl tests -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest="$test" \
    -Dsignalbox.bench=true -Dbench.changes="${BENCH_CHANGES:-200}" \
    -Dbench.reloadChanges="${BENCH_RELOAD_CHANGES:-10}" -Dbench.zeroDropSeconds="${BENCH_ZERO_DROP_SECONDS:-40}" \
    2>&1 | tee "$log" | grep -E '^BENCH|Tests run|FAIL|ERROR\]' || true
echo "everything the run printed (the daemons' logs too): $log"
