#!/usr/bin/env bash
# The intake benchmark of issue 3 point 8, in one command: installs what it needs, builds mim
# in release, runs mim and Prometheus Alertmanager side by side on 127.0.0.1 and writes
# bench/results/latest.md (and latest.json). See bench/README.md for what the figures mean.
#
#   bench/intake.sh                      # the full run (about 10 minutes after the build)
#   BENCH_DURATION=5 BENCH_PHASES=single bench/intake.sh    # a quick look
#
# Exits non-zero when a receiver answered anything but 2xx, a request failed, or the storm's
# case check failed. Missing a performance target is reported in the table, not as a failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '==> %s\n' "$*"; }

# --- what the benchmark needs (Debian packages) ---
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v prometheus-alertmanager >/dev/null || command -v alertmanager >/dev/null ||
    missing+=(prometheus-alertmanager)
command -v python3 >/dev/null || missing+=(python3)
if [ "${BENCH_STRACE:-0}" = 1 ] && ! command -v strace >/dev/null; then missing+=(strace); fi
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The package starts its own Alertmanager where systemd runs: the benchmark runs its own copy
# on 127.0.0.1 with a temporary storage path, so stop the packaged one (it would compete for
# the two cores).
if command -v systemctl >/dev/null && [ -d /run/systemd/system ] &&
    systemctl is-active --quiet prometheus-alertmanager 2>/dev/null; then
    say "stopping the packaged prometheus-alertmanager service"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo systemctl stop prometheus-alertmanager
fi

# --- mim in release ---
say "cargo build --release -p mim"
cargo build --release -p mim

say "running the benchmark (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
exec python3 bench/intake.py
