#!/usr/bin/env bash
# Install tests (issue 10), run by tests/run-all.sh after `mvn verify` (needs root and the built .deb):
#  1. every setting of the README's table is in the shipped env file;
#  2. the .deb installs (dpkg -i), creates the user, starts nothing, `signalbox check examples/` runs from the
#     installed command, `systemd-analyze verify` accepts the installed unit; remove keeps settings and user, purge
#     removes them;
#  3. the Ansible role (ansible/site.yml, example inventory, router1) is applied for real with connection local, twice,
#     the second run with changed=0; then the daemon is started from what the role wrote, as the unit starts it
#     (user signalbox, ambient CAP_NET_BIND_SERVICE/CAP_NET_ADMIN/CAP_NET_RAW, no new privileges) -- directly, since no
#     systemd runs here -- and must become ready, take VIP 192.0.2.100 through keepalived, serve port 80 on it, and
#     hand the VIP back on SIGTERM;
#  4. ansible-lint (production profile) and ansible-playbook --syntax-check on ansible/.
# Everything runs inside a scratch network namespace (the sysctl and VIPs never touch the host's network), and the
# machine is restored afterwards: the package purged, the user and files gone.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
NS=sbx-install-$$
LOG=$(mktemp -d /tmp/signalbox-install-test.XXXXXX)
DAEMON_PID=
passed=0
failed=0

ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*" >&2; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
in_ns() { ip netns exec "$NS" "$@"; }

if [ "$(id -u)" -ne 0 ]; then echo "tests/install: needs root (dpkg, network namespaces)" >&2; exit 1; fi
DEB=$(ls router/target/signalbox_*_all.deb 2>/dev/null | head -1 || true)
if [ -z "$DEB" ]; then echo "tests/install: no router/target/signalbox_*_all.deb; run mvn package first" >&2; exit 1; fi
DEB=$ROOT/$DEB
if dpkg-query -W -f='${Status}' signalbox 2>/dev/null | grep -q 'ok installed'; then
  echo "tests/install: the signalbox package is installed on this machine; not touching it (skipped)"
  exit 0
fi

cleanup() {
  set +e
  [ -n "$DAEMON_PID" ] && kill -KILL "$DAEMON_PID" 2>/dev/null
  # Only processes in our namespace (the daemon's HAProxy and keepalived, should any be left).
  for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  in_ns dpkg --purge signalbox >/dev/null 2>&1
  rm -rf /etc/signalbox /var/cache/signalbox
  ip netns del "$NS" 2>/dev/null
  if [ "$failed" -eq 0 ]; then rm -rf "$LOG"; else echo "tests/install: logs kept in $LOG" >&2; fi
}
trap cleanup EXIT

ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add sb0 type veth peer name sb1
ip -n "$NS" addr add 192.0.2.11/24 dev sb0
ip -n "$NS" link set sb0 up
ip -n "$NS" link set sb1 up

# 1. The env file documents every setting of the README's table.
missing=$(sed -n '/^## Settings/,/^## /p' README.md | grep '^| `' | cut -d'|' -f2 | grep -o '`[A-Z][A-Z0-9_]*`' | tr -d '`' |
  while read -r name; do grep -q "^#$name=" systemd/signalbox.env || echo "$name"; done)
check "every README setting is in systemd/signalbox.env${missing:+ (missing: $missing)}" test -z "$missing"

# 2. The package.
if in_ns dpkg -i "$DEB" >"$LOG/dpkg-i" 2>&1; then ok "dpkg -i $(basename "$DEB")"; else fail "dpkg -i"; cat "$LOG/dpkg-i"; exit 1; fi
check "the signalbox user exists" getent passwd signalbox
check "/usr/bin/signalbox is installed" test -x /usr/bin/signalbox
check "the env file is a conffile, 0640 root:signalbox" \
  test "$(stat -c '%a %U:%G' /etc/signalbox/signalbox.env)" = "640 root:signalbox" -a \
  -n "$(dpkg-query -W -f='${Conffiles}' signalbox | grep /etc/signalbox/signalbox.env)"
check "nothing was started" test -z "$(ip netns pids "$NS")"
check "net.ipv4.ip_nonlocal_bind=1 applied (in the test namespace)" test "$(in_ns sysctl -n net.ipv4.ip_nonlocal_bind)" = 1
set +e
SIGNALBOX_ALLOW_LOOPBACK_ENDPOINTS=true /usr/bin/signalbox check examples/ >"$LOG/check" 2>&1
rc=$?
set -e
check "signalbox check examples/ from the installed command passes (rc $rc)" \
  test "$rc" = 0 -a -n "$(grep 'haproxy -c: the rendered configuration is valid' "$LOG/check")"
if systemd-analyze verify /lib/systemd/system/signalbox.service >"$LOG/verify" 2>&1 && ! grep -q . "$LOG/verify"; then
  ok "systemd-analyze verify signalbox.service: clean"
else
  fail "systemd-analyze verify signalbox.service"; cat "$LOG/verify"
fi
systemd-analyze security --offline=true /lib/systemd/system/signalbox.service 2>/dev/null | tail -1 || true
echo "# local change" >> /etc/signalbox/signalbox.env
in_ns dpkg -r signalbox >/dev/null
check "remove: program gone, settings and user kept" \
  test ! -e /usr/bin/signalbox -a -e /etc/signalbox/signalbox.env -a -n "$(getent passwd signalbox)"
in_ns dpkg --purge signalbox >/dev/null
check "purge: settings, state and user gone" \
  test ! -e /etc/signalbox -a ! -e /var/lib/signalbox -a -z "$(getent passwd signalbox)" -a -z "$(getent group signalbox)"

# 3. The Ansible role, twice, then the daemon as the unit runs it.
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_CONFIG=$ROOT/ansible/ansible.cfg
playbook() {
  (cd ansible && in_ns ansible-playbook -i inventory.example.yml site.yml --limit router1 \
    -e @"$ROOT/tests/install/ansible-test-vars.yml" -e signalbox_deb="$DEB") >"$LOG/ansible-$1" 2>&1
}
if playbook 1; then ok "ansible site.yml, first run"; else fail "ansible site.yml, first run"; cat "$LOG/ansible-1"; exit 1; fi
grep -A3 'PLAY RECAP' "$LOG/ansible-1" | grep router1
if playbook 2; then ok "ansible site.yml, second run"; else fail "ansible site.yml, second run"; cat "$LOG/ansible-2"; fi
recap=$(grep -A3 'PLAY RECAP' "$LOG/ansible-2" | grep router1 || true)
echo "$recap"
check "second run changed nothing" grep -q 'changed=0 ' <<<"$recap"
env_file=/etc/signalbox/signalbox.env
check "env file: node identity, node list, VIPs, interface" \
  grep -qx 'SIGNALBOX_HA_NODE="192.0.2.11"' "$env_file" -a
for line in 'SIGNALBOX_HA_NODES="192.0.2.11,192.0.2.12,192.0.2.13"' 'OPENSHIFT_HA_VIRTUAL_IPS="192.0.2.100,192.0.2.101"' \
    'OPENSHIFT_HA_NETWORK_INTERFACE="sb0"' 'SIGNALBOX_MANIFESTS_DIR="/etc/signalbox/routes"'; do
  check "env file has $line" grep -qxF "$line" "$env_file"
done

# As the unit runs it: user signalbox, the three capabilities as ambient ones (so HAProxy and keepalived hold them
# too), the same bounding set, no new privileges: setpriv does what systemd's User=, AmbientCapabilities=,
# CapabilityBoundingSet= and NoNewPrivileges= do. Not `in_ns` (a function): $! must be the daemon itself.
caps=+net_bind_service,+net_admin,+net_raw
ip netns exec "$NS" setpriv --reuid=signalbox --regid=signalbox --init-groups --inh-caps=-all,"$caps" \
  --ambient-caps=-all,"$caps" --bounding-set=-all,"$caps" --no-new-privs \
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/signalbox \
  bash -c 'cd /var/lib/signalbox && set -a && . /etc/signalbox/signalbox.env && set +a && exec /usr/bin/signalbox run' \
  >"$LOG/daemon" 2>&1 &
DAEMON_PID=$!
ready=
for _ in $(seq 1 120); do
  if in_ns curl -fsS -o /dev/null http://127.0.0.1:1936/healthz/ready 2>/dev/null; then ready=yes; break; fi
  kill -0 "$DAEMON_PID" 2>/dev/null || break
  sleep 0.5
done
check "the daemon (user signalbox, three capabilities) is ready on :1936" test -n "$ready"
check "the daemon is java" grep -q java "/proc/$DAEMON_PID/cmdline"
for pid in $(ip netns pids "$NS"); do
  owner=$(stat -c %U "/proc/$pid" 2>/dev/null || true)
  [ -z "$owner" ] || [ "$owner" = signalbox ] || fail "process $(cat "/proc/$pid/comm" 2>/dev/null) runs as $owner, not signalbox"
done
vip=
for _ in $(seq 1 40); do
  if ip -n "$NS" -4 addr show dev sb0 | grep -q 'inet 192.0.2.100/'; then vip=yes; break; fi
  sleep 0.25
done
check "keepalived holds VIP 192.0.2.100 on sb0" test -n "$vip"
# CAP_NET_BIND_SERVICE (10), CAP_NET_ADMIN (12), CAP_NET_RAW (13): 0x3400, for the daemon, HAProxy and keepalived.
wide=
for pid in $(ip netns pids "$NS"); do
  for set in CapBnd CapEff; do
    value=$(awk -v s="$set:" '$1 == s {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -z "$value" ] || [ "$value" = 0000000000003400 ] || wide="$wide $(cat "/proc/$pid/comm" 2>/dev/null):$set=$value"
  done
done
check "every process of the daemon holds only the three capabilities${wide:+ (not:$wide)}" test -z "$wide"
code=$(in_ns curl -s -o /dev/null -w '%{http_code}' -H 'Host: www.demo.test' http://192.0.2.100/ || true)
check "HAProxy answers on 192.0.2.100:80 (HTTP $code)" test -n "$code" -a "$code" != 000
kill -TERM "$DAEMON_PID" 2>/dev/null || true
set +e
wait "$DAEMON_PID"
rc=$?
set -e
DAEMON_PID=
check "SIGTERM: the daemon exits 143 (SuccessExitStatus in the unit), rc $rc" test "$rc" = 143
check "SIGTERM: the VIP is handed over" bash -c "! ip -n $NS -4 addr show dev sb0 | grep -q 192.0.2.100"
check "SIGTERM: no HAProxy or keepalived is left" test -z "$(ip netns pids "$NS")"
if [ "$failed" -gt 0 ]; then tail -40 "$LOG/daemon"; fi

# 4. Lint.
if (cd ansible && ansible-playbook --syntax-check -i inventory.example.yml site.yml rolling-restart.yml) >"$LOG/syntax" 2>&1; then
  ok "ansible-playbook --syntax-check site.yml rolling-restart.yml"
else
  fail "ansible-playbook --syntax-check"; cat "$LOG/syntax"
fi
if (cd ansible && ansible-lint --offline --profile production) >"$LOG/lint" 2>&1; then
  ok "ansible-lint --profile production"
else
  fail "ansible-lint"; cat "$LOG/lint"
fi

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
