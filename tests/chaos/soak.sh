#!/usr/bin/env bash
# The chaos soak of BENCHMARKS.md: steady load on stable routes through a router whose daemon runs as its own JVM,
# while random faults hit it; prints the SOAK lines. As root (it mounts a tmpfs for the disk faults).
#   bash tests/chaos/soak.sh                                  # 10 minutes, every fault
#   bash tests/chaos/soak.sh --minutes 1 --faults disk,manifest
#   bash tests/chaos/soak.sh --faults haproxy-kill,disk,daemon-kill --seed 42
# Faults: haproxy-kill (SIGKILL the master), worker-kill (SIGKILL a worker), disk (work dir full or read-only),
# manifest (garbled, junk, over-limit, deep, alias-bomb, many routes, replace-race), churn (routes and endpoints),
# daemon-kill (SIGKILL the daemon and start it again: the new one adopts the running HAProxy).
# `mvn verify` runs the same test for 60 s (ChaosSoakTest).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/install-deps.sh --tests
minutes=10
faults=haproxy-kill,worker-kill,disk,manifest,churn,daemon-kill
seed=""
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes=$2; shift 2 ;;
        --faults) faults=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
echo "cpus: $(nproc)  haproxy: $(haproxy -v | head -1)"
mvn -B -q -Djdeb.skip -pl tests -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ChaosSoakTest \
    -Dsoak.seconds=$((minutes * 60)) -Dsoak.faults="$faults" ${seed:+-Dsoak.seed=$seed} \
    2>&1 | grep -E 'SOAK|Tests run:|FAIL|AssertionError|expected' | sed 's/^.*SOAK/SOAK/' || true
