#!/usr/bin/env bash
# The fan-out benchmark of issue 5 point 8, in one command: installs aiosmtpd when missing,
# builds mim in release, sends one update to 10,000 e-mail recipients through a real SMTP
# server on 127.0.0.1 (a clean run, then one with mim killed by SIGKILL halfway and restarted)
# and writes bench/results/fanout.md (and fanout.json). See bench/README.md.
#
#   bench/fanout.sh                                   # both runs (about two minutes after the build)
#   BENCH_RUNS=clean BENCH_RECIPIENTS=1000 bench/fanout.sh   # a quick look
#
# Exits non-zero when a recipient is missing or a repeat is not the first copy's Message-ID
# (or not marked as a possible duplicate). Missing the 60 s target is reported in the table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '==> %s\n' "$*"; }

command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
# As scripts/test installs it: with the pip of the `python3` on PATH (Debian's
# python3-aiosmtpd would go to the system Python, not necessarily that one).
if ! python3 -c "import aiosmtpd" 2>/dev/null; then
    say "installing aiosmtpd (the benchmark's SMTP server)"
    python3 -m pip install --quiet aiosmtpd
fi

say "cargo build --release -p mim"
cargo build --release -p mim

say "running the benchmark (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
exec python3 bench/fanout.py
