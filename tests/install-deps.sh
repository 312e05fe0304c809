#!/usr/bin/env bash
# Installs what building and running Signalbox needs on Debian 12, skipping what is already there.
# With --tests, also what the test suite needs; with --bench, that and what the benchmarks need.
set -euo pipefail

need=()
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v keepalived >/dev/null 2>&1 || need+=(keepalived)  # IP failover and its netns tests
if [ "${1:-}" = "--tests" ] || [ "${1:-}" = "--bench" ]; then
  command -v nft >/dev/null 2>&1 || need+=(nftables)         # failover tests drop multicast VRRP
  command -v promtool >/dev/null 2>&1 || need+=(prometheus)  # checks the shipped alert rules and scrapes
  # tests/install: the .deb, the Ansible role and its lint, the systemd unit's verify
  command -v ansible-playbook >/dev/null 2>&1 || need+=(ansible)
  command -v ansible-lint >/dev/null 2>&1 || need+=(ansible-lint)
  command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
  command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
  /usr/bin/python3 -c "import apt" >/dev/null 2>&1 || need+=(python3-apt)  # Ansible's apt module (Debian's python)
fi
if [ "${1:-}" = "--bench" ]; then
  command -v wrk >/dev/null 2>&1 || need+=(wrk)                # load for the routing-cost and zero-drop benchmarks
  command -v taskset >/dev/null 2>&1 || need+=(util-linux)     # pins HAProxy, wrk and the daemon to cores
fi

if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]}; run as root (or install them) first" >&2
    exit 1
  fi
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# HAProxy from Debian starts a system service of its own on port 80; Signalbox runs its own HAProxy instead.
# Prometheus, installed only for promtool, would start a server of its own too.
for service in haproxy prometheus; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    systemctl disable --now "$service" >/dev/null 2>&1 || true
  fi
done
