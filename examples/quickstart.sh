#!/usr/bin/env bash
# Quick start: build Signalbox, start demo backends on 127.0.0.1:9001-9004, and run the router on this folder's
# manifests with HTTP on 127.0.0.1:8080. No cluster needed. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/install-deps.sh
echo "building (the first build downloads dependencies)..."
mvn -B -q -DskipTests package
jar=router/target/signalbox.jar
work=${SIGNALBOX_WORK_DIR:-/tmp/signalbox-demo}
port=${ROUTER_SERVICE_HTTP_PORT:-8080}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

java -jar "$jar" demo-backends web-1=9001 web-2=9002 api=9003 canary=9004 &
pids+=($!)

# Loopback endpoints are refused by default (as OpenShift does); the demo's pods live on 127.0.0.1.
SIGNALBOX_MANIFESTS_DIR="$PWD/examples" \
SIGNALBOX_WORK_DIR="$work" \
SIGNALBOX_BIND_ADDRESS=127.0.0.1 \
SIGNALBOX_ALLOW_LOOPBACK_ENDPOINTS=true \
ROUTER_SERVICE_HTTP_PORT="$port" \
ROUTER_SERVICE_NAME=default \
ROUTER_MAX_CONNECTIONS=4000 \
ROUTER_GRACEFUL_SHUTDOWN_DELAY=0s \
RELOAD_INTERVAL=1s \
java -jar "$jar" run &
pids+=($!)

# HAProxy listens (answering 503) before the routes are loaded: wait for readiness, which waits for them.
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:1936/healthz/ready" && break
  sleep 0.5
done

cat <<MSG

Signalbox is serving http://127.0.0.1:$port (status files in $work/status, config in $work/conf). Try:

  curl -s -H 'Host: www.demo.test' http://127.0.0.1:$port/             # web (web-1 or web-2)
  curl -s -H 'Host: www.demo.test' http://127.0.0.1:$port/api/users    # path routing: api
  curl -s -H 'Host: www.demo.test' http://127.0.0.1:$port/apis         # not below /api: web
  for i in \$(seq 20); do curl -s -H 'Host: split.demo.test' http://127.0.0.1:$port/ | head -1; done | sort | uniq -c
                                                                        # weighted split: about 1 web to 3 canary
  curl -si -H 'Host: nobody.demo.test' http://127.0.0.1:$port/ | head -1 # unknown host: 503 page
  cat $work/status/demo/www.json                                        # a route's status, as OpenShift writes it
  java -jar $jar routes                                                 # the route table, like oc get routes
  curl -s http://127.0.0.1:1936/healthz/ready                           # readiness, check by check
  curl -s http://127.0.0.1:1936/metrics | grep ^signalbox_               # metrics

Edit or add files in examples/ and the router applies them without a restart. Ctrl-C stops it.
MSG
wait "${pids[1]}"
