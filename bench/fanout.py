#!/usr/bin/env python3
"""The fan-out benchmark of issue 5 point 8, run by bench/fanout.sh (which installs aiosmtpd
and builds mim in release first).

One update to an audience of BENCH_RECIPIENTS e-mail recipients, sent through
`POST /api/cases/{id}/messages` of a real `mim serve --demo` whose `[channels.email]` points at
a real SMTP server on 127.0.0.1 (aiosmtpd, run by this same script as a child process with
`fanout.py smtp`; it counts every message it accepts per recipient with its Message-ID and
X-Mim-Possible-Duplicate header).

  clean  the time from the POST to the last recipient's message at the SMTP server
  kill   the same, but mim is killed with SIGKILL once BENCH_KILL_AT of the recipients have
         the message, and restarted on the same --data; then, counted at the SMTP server:
         every recipient has the message, how many got it twice, and that every second copy
         carries the first copy's Message-ID and X-Mim-Possible-Duplicate: true

Results go to bench/results/fanout.md (and fanout.json). Exits non-zero when a recipient is
missing, a repeat carries another Message-ID or is not marked as a possible duplicate, or
there are more repeats than messages mim can have had in flight at the kill. Missing the time
target is reported as FAIL in the table.

Python standard library only (and aiosmtpd for the SMTP server). Settings by environment
(defaults in brackets):
  BENCH_RECIPIENTS [10000]     BENCH_RUNS [clean,kill]     BENCH_KILL_AT [0.5]
  BENCH_LEASE [30] s: mim's outbox_lease_seconds (how long a claim made before the kill
               blocks its message after the restart)
  BENCH_CHECK [1] s: mim's outbox_check_seconds     BENCH_SMTP_TIMEOUT [10] s: timeout_secs
  BENCH_WAIT_MAX [600] s to wait for a fan-out      MIM_BIN [target/release/mim]
"""

import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
MIM = os.environ.get("MIM_BIN", os.path.join(ROOT, "target", "release", "mim"))

RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "10000"))
RUNS = [r for r in os.environ.get("BENCH_RUNS", "clean,kill").split(",") if r]
KILL_AT = float(os.environ.get("BENCH_KILL_AT", "0.5"))
LEASE = int(os.environ.get("BENCH_LEASE", "30"))
CHECK = int(os.environ.get("BENCH_CHECK", "1"))
SMTP_TIMEOUT = int(os.environ.get("BENCH_SMTP_TIMEOUT", "10"))
WAIT_MAX = float(os.environ.get("BENCH_WAIT_MAX", "600"))
TARGET_SECONDS = 60.0
DOMAIN = "kuusijarvi.example.fi"


def now():
    # CLOCK_MONOTONIC is one clock for every process of the machine: the SMTP server's
    # timestamps and this script's compare directly, and a wall-clock step cannot skew them.
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def log(*a):
    print("[fanout]", *a, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def busiest(n=5):
    out = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu"], capture_output=True, text=True)
    return ", ".join(" ".join(l.split()) for l in out.stdout.splitlines()[1 : n + 1])


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


def peak_rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# ------------------------------------------------------------------------------------------
# The SMTP server (`fanout.py smtp --log FILE`): a child process, so its Python competes with
# mim only for the processor, not with this script's own polling.


def smtp_main(argv):
    import argparse
    import asyncio  # noqa: F401  (aiosmtpd's handlers are coroutines)

    from aiosmtpd.controller import Controller

    p = argparse.ArgumentParser()
    p.add_argument("--log", required=True)
    args = p.parse_args(argv)
    out = open(args.log, "a", encoding="utf-8")
    lock = threading.Lock()

    def headers(raw):
        """The header section as {lower-case name: value}, folded lines unfolded. Only the
        headers: a full parse of 10,000 messages would make this server the bottleneck."""
        end = raw.find(b"\r\n\r\n")
        block = raw[: end if end >= 0 else len(raw)].decode("utf-8", "replace")
        found = {}
        name = None
        for line in block.split("\r\n"):
            if line[:1] in (" ", "\t") and name:
                found[name] += " " + line.strip()
                continue
            name, _, value = line.partition(":")
            name = name.strip().lower()
            found[name] = value.strip()
        return found

    class Sink:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            session.host_name = hostname
            with lock:
                # One EHLO per SMTP connection: how many connections mim opened.
                out.write(f"C\t{now():.6f}\n")
                out.flush()
            return responses

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 OK"

        async def handle_DATA(self, server, session, envelope):
            h = headers(envelope.original_content or envelope.content)
            t = now()
            mid = h.get("message-id", "")
            dup = h.get("x-mim-possible-duplicate", "")
            with lock:
                for rcpt in envelope.rcpt_tos:
                    out.write(f"M\t{t:.6f}\t{rcpt.lower()}\t{mid}\t{dup}\n")
                # Written before the 250: a message counted here is one mim was told it
                # delivered (or would have been, had it not been killed first).
                out.flush()
            return "250 2.0.0 Queued"

    def free_port():
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    controller = Controller(Sink(), hostname="127.0.0.1", port=free_port(), ready_timeout=10,
                            decode_data=False)
    controller.start()
    print(f"READY {controller.port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


class Smtp:
    """The SMTP server child process and what it has written so far."""

    def __init__(self, directory):
        self.log_path = os.path.join(directory, "smtp.log")
        open(self.log_path, "w").close()
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "smtp", "--log", self.log_path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=open(os.path.join(directory, "smtp.err"), "wb"))
        line = self.proc.stdout.readline().decode().strip()
        if not line.startswith("READY "):
            raise SystemExit(f"the SMTP server did not start: {line!r} (is aiosmtpd installed?)")
        self.port = int(line.split()[1])
        self._file = open(self.log_path, "r", encoding="utf-8")
        self._rest = ""
        self.messages = []  # (t, rcpt, message id, possible duplicate)
        self.connections = 0
        self.recipients = set()

    def poll(self):
        """Reads what the server wrote since the last call; returns the distinct recipients."""
        chunk = self._file.read()
        if chunk:
            data = self._rest + chunk
            lines = data.split("\n")
            self._rest = lines.pop()
            for line in lines:
                f = line.split("\t")
                if f[0] == "C":
                    self.connections += 1
                elif f[0] == "M" and len(f) == 5:
                    self.messages.append((float(f[1]), f[2], f[3], f[4]))
                    self.recipients.add(f[2])
        return len(self.recipients)

    def time_of_nth_recipient(self, n):
        seen = set()
        for t, rcpt, _, _ in self.messages:
            if rcpt not in seen:
                seen.add(rcpt)
                if len(seen) == n:
                    return t
        return None

    def cpu(self):
        return cpu_seconds(self.proc.pid)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ------------------------------------------------------------------------------------------
# mim


class Mim:
    def __init__(self, directory, data, config, name):
        self.stderr_path = os.path.join(directory, f"{name}.log")
        stderr = open(self.stderr_path, "wb")
        env = dict(os.environ)
        env.pop("MIM_PASSWORD", None)
        self.proc = subprocess.Popen(
            [MIM, "serve", "--demo", "--listen", "127.0.0.1:0", "--data", data, "--config", config],
            stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL, env=env)
        self.pid = self.proc.pid
        self.base = None
        deadline = time.monotonic() + 60
        banner = []
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            line = line.decode("utf-8", "replace").rstrip("\n")
            banner.append(line)
            if line.startswith("mim listening on "):
                self.base = line[len("mim listening on "):].strip()
                break
        if not self.base:
            raise SystemExit(f"mim did not start: {banner} {open(self.stderr_path).read()}")
        threading.Thread(target=self._drain, daemon=True).start()
        u = urllib.parse.urlparse(self.base)
        self.host, self.port = u.hostname, u.port

    def _drain(self):
        for _ in self.proc.stdout:
            pass

    def request(self, method, path, body=None, cookie=None, timeout=300):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            headers["content-type"] = "application/json"
        if cookie:
            headers["cookie"] = cookie
        try:
            conn.request(method, path, body=data, headers=headers)
            res = conn.getresponse()
            raw = res.read()
            return res.status, raw, res.getheader("set-cookie"), len(data or b"")
        finally:
            conn.close()

    def call(self, method, path, body=None, cookie=None, want=(200,)):
        status, raw, _, _ = self.request(method, path, body, cookie)
        if status not in want:
            raise SystemExit(f"{method} {path}: {status} {raw[:2000]!r}")
        return json.loads(raw) if raw else None

    def login(self, user):
        status, raw, cookie, _ = self.request("POST", "/api/session",
                                              {"username": user, "password": "demo"})
        if status >= 300 or not cookie:
            raise SystemExit(f"login {user}: {status} {raw[:500]!r}")
        return cookie.split(";")[0]

    def sigkill(self):
        os.kill(self.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def outbox_states(data):
    """The outbox by state, read beside the server (WAL): what mim has recorded."""
    try:
        con = sqlite3.connect(f"file:{os.path.join(data, 'mim.sqlite3')}?mode=ro", uri=True,
                              timeout=5)
        try:
            return dict(con.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return {}


def members(n):
    # Every tenth in Swedish, as in a bilingual city: both templates are rendered.
    out = []
    for i in range(n):
        m = {"name": f"Henkilö {i:05d}", "email": f"h{i:05d}@{DOMAIN}"}
        if i % 10 == 9:
            m["language"] = "sv"
        out.append(m)
    return out


# ------------------------------------------------------------------------------------------
# One run


def run(kind):
    directory = tempfile.mkdtemp(prefix=f"mim-fanout-{kind}-")
    data = os.path.join(directory, "data")
    smtp = Smtp(directory)
    config = os.path.join(directory, "mim.toml")
    with open(config, "w") as f:
        f.write(
            f"outbox_check_seconds = {CHECK}\noutbox_lease_seconds = {LEASE}\n\n"
            f"[channels.email]\nkind = \"email\"\nhost = \"127.0.0.1\"\nport = {smtp.port}\n"
            f"security = \"none\"\nfrom_address = \"mim@{DOMAIN}\"\n"
            f"from_name = \"Kuusijärven kaupunki\"\ntimeout_secs = {SMTP_TIMEOUT}\n")
    result = {"run": kind, "recipients": RECIPIENTS, "load_before": loadavg(),
              "busiest_before": busiest()}
    mims = [Mim(directory, data, config, "mim-1")]
    try:
        mim = mims[0]
        admin = mim.login("admin")
        org = mim.call("GET", "/api/organisation", cookie=admin)
        audiences = [a for a in org.get("audiences", []) if a.get("kind") != "staff"]
        audiences.append({"kind": "staff", "channels": ["email"], "members": members(RECIPIENTS)})
        org["audiences"] = audiences
        t = now()
        status, raw, _, size = mim.request("PUT", "/api/organisation", org, cookie=admin)
        if status != 200:
            raise SystemExit(f"PUT /api/organisation: {status} {raw[:2000]!r}")
        result["audience_put_seconds"] = now() - t
        result["audience_put_bytes"] = size

        desk = mim.login("palvelupiste")
        opened = mim.call("POST", "/api/cases", {
            "system": "wilma",
            "report": {"channel": "phone", "text": "Wilma ei toimi: kirjautuminen ei onnistu"},
        }, cookie=desk, want=(201,))
        case = opened["case"]["id"]
        result["case"] = case

        cpu0 = cpu_seconds(mim.pid)
        smtp_cpu0 = smtp.cpu()
        t0 = now()
        sent = mim.call("POST", f"/api/cases/{case}/messages", {
            "kind": "update", "audiences": ["staff"],
            "texts": {"not_working": "kirjautuminen Wilmaan", "alternative": "paperilomake"},
            "expected_version": opened["case"]["version"],
        }, cookie=desk)
        result["post_seconds"] = now() - t0
        result["queued"] = len(sent.get("queued", []))
        if result["queued"] != RECIPIENTS:
            raise SystemExit(f"mim queued {result['queued']} copies, not {RECIPIENTS}")
        log(f"{kind}: queued {result['queued']} copies in {result['post_seconds']:.2f} s")

        kill_at = int(RECIPIENTS * KILL_AT)
        killed = False
        deadline = t0 + WAIT_MAX
        cpu_mim = 0.0
        while True:
            got = smtp.poll()
            if kind == "kill" and not killed and got >= kill_at:
                cpu_mim += (cpu_seconds(mim.pid) or 0) - (cpu0 or 0)
                mim.sigkill()
                result["killed_at_seconds"] = now() - t0
                result["recipients_at_kill"] = smtp.poll()
                result["messages_at_kill"] = len(smtp.messages)
                # What mim had recorded: claimed ('sending') rows are the ones in flight.
                result["outbox_at_kill"] = outbox_states(data)
                killed = True
                log(f"kill: SIGKILL at {result['recipients_at_kill']} recipients, outbox "
                    f"{result['outbox_at_kill']}")
                t = now()
                mims.append(Mim(directory, data, config, "mim-2"))
                mim = mims[-1]
                result["restart_seconds"] = now() - t
                cpu0 = cpu_seconds(mim.pid)
            if got >= RECIPIENTS:
                break
            if now() > deadline:
                break
            time.sleep(0.02)
        result["complete"] = smtp.poll() >= RECIPIENTS
        last = smtp.time_of_nth_recipient(RECIPIENTS)
        first = smtp.time_of_nth_recipient(1)
        result["seconds"] = (last - t0) if last else None
        result["first_message_seconds"] = (first - t0) if first else None
        cpu_mim += (cpu_seconds(mim.pid) or 0) - (cpu0 or 0)
        result["mim_cpu_seconds"] = cpu_mim
        result["smtp_cpu_seconds"] = (smtp.cpu() or 0) - (smtp_cpu0 or 0)
        result["peak_rss_mib"] = peak_rss_mib(mim.pid)
        # mim records each outcome after the SMTP server's 250: wait until every copy is
        # settled, so a late repeat cannot slip in after the count.
        t = now()
        settle_deadline = t + max(60.0, 2.0 * LEASE + 10)
        states = outbox_states(data)
        while (states.get("queued", 0) or states.get("sending", 0)) and now() < settle_deadline:
            time.sleep(0.1)
            states = outbox_states(data)
        result["outbox_after"] = states
        result["settled_after_seconds"] = now() - t
        smtp.poll()
        result.update(count(smtp))
        result["smtp_connections"] = smtp.connections
        result["rate"] = (RECIPIENTS / result["seconds"]) if result["seconds"] else None
        result["mim_log_tail"] = tail(mims[-1].stderr_path)
    finally:
        for m in mims:
            m.stop()
        smtp.stop()
    shutil.rmtree(directory, ignore_errors=True)
    return result


def tail(path, n=5):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [l.rstrip("\n") for l in f if "WARN" in l or "ERROR" in l]
        return lines[-n:]
    except OSError:
        return []


def count(smtp):
    """Per recipient, at the SMTP server: every copy, its Message-ID and duplicate mark."""
    expected = {f"h{i:05d}@{DOMAIN}" for i in range(RECIPIENTS)}
    by_rcpt = {}
    for t, rcpt, mid, dup in smtp.messages:
        by_rcpt.setdefault(rcpt, []).append((t, mid, dup))
    missing = sorted(expected - by_rcpt.keys())
    unexpected = sorted(by_rcpt.keys() - expected)
    repeats = {r: copies for r, copies in by_rcpt.items() if len(copies) > 1}
    other_id = [r for r, copies in repeats.items() if any(c[1] != copies[0][1] for c in copies)]
    unmarked = [r for r, copies in repeats.items()
                if any(c[2].lower() != "true" for c in copies[1:])]
    ids = [copies[0][1] for copies in by_rcpt.values()]
    first_marked = sum(1 for copies in by_rcpt.values() if copies[0][2].lower() == "true")
    return {
        "messages": len(smtp.messages),
        "recipients_reached": len(by_rcpt.keys() & expected),
        "missing": len(missing),
        "missing_sample": missing[:5],
        "unexpected": len(unexpected),
        "repeated_recipients": len(repeats),
        "extra_copies": sum(len(c) - 1 for c in repeats.values()),
        "max_copies": max((len(c) for c in by_rcpt.values()), default=0),
        "repeats_other_id": len(other_id),
        "repeats_other_id_sample": [(r, [c[1] for c in repeats[r]]) for r in other_id[:3]],
        "repeats_unmarked": len(unmarked),
        "first_copies_marked": first_marked,
        "distinct_ids": len(set(ids)),
        "empty_ids": sum(1 for i in ids if not i),
    }


# ------------------------------------------------------------------------------------------
# The report


def fmt(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}".replace(",", " ")
    if isinstance(v, int):
        return f"{v:,}".replace(",", " ")
    return str(v)


def report(meta, results):
    lines = [
        "# Fan-out benchmark",
        "",
        f"{meta['when']} · mim `{meta['commit']}` · {meta['cpus']} CPUs · "
        f"{fmt(meta['recipients'])} e-mail recipients · lease {LEASE} s, "
        f"outbox check {CHECK} s, SMTP timeout {SMTP_TIMEOUT} s",
        "",
        "One update (`POST /api/cases/{id}/messages`, kind `update`, audience `staff`) to every "
        "member of an audience, delivered by `mim serve` to an aiosmtpd server on 127.0.0.1. "
        "Times run from just before the POST to the SMTP server's acceptance of the last "
        "recipient's first copy. See `bench/README.md`.",
        "",
        "| run | recipients reached | seconds | messages/s | target < 60 s | POST (queueing) | "
        "first message | SMTP connections | mim CPU s | SMTP server CPU s | load before |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        ok = r["seconds"] is not None and r["seconds"] < TARGET_SECONDS
        lines.append(
            f"| {r['run']} | {fmt(r['recipients_reached'])} of {fmt(r['recipients'])} | "
            f"{fmt(r['seconds'], 2)} | {fmt(r['rate'], 0)} | {'PASS' if ok else 'FAIL'} | "
            f"{fmt(r['post_seconds'], 2)} s | {fmt(r['first_message_seconds'], 2)} s | "
            f"{fmt(r['smtp_connections'])} | {fmt(r['mim_cpu_seconds'])} | "
            f"{fmt(r['smtp_cpu_seconds'])} | {r['load_before']} |")
    kill = [r for r in results if r["run"] == "kill"]
    if kill:
        r = kill[0]
        at_kill = r.get("outbox_at_kill", {})
        lines += [
            "",
            "## SIGKILL in the middle",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| killed after | {fmt(r.get('killed_at_seconds'), 2)} s, "
            f"{fmt(r.get('recipients_at_kill'))} recipients had the message |",
            f"| outbox at the kill (as recorded) | {fmt(at_kill.get('sent', 0))} sent, "
            f"{fmt(at_kill.get('sending', 0))} claimed (in flight), "
            f"{fmt(at_kill.get('queued', 0))} queued |",
            f"| restart (to listening) | {fmt(r.get('restart_seconds'), 2)} s |",
            f"| outbox settled (the claimed copies' lease run out, sent again) | "
            f"{fmt(r.get('settled_after_seconds'), 1)} s after the last recipient had it |",
            f"| every recipient has the message | {'yes' if r['missing'] == 0 else 'NO: ' + str(r['missing']) + ' missing'} |",
            f"| messages the SMTP server accepted | {fmt(r['messages'])} |",
            f"| recipients who got it twice (repeats) | {fmt(r['repeated_recipients'])} "
            f"(at most {fmt(r['max_copies'])} copies each) |",
            f"| repeats with the first copy's Message-ID | {fmt(r['repeated_recipients'] - r['repeats_other_id'])} of {fmt(r['repeated_recipients'])} |",
            f"| repeats marked `X-Mim-Possible-Duplicate: true` | {fmt(r['repeated_recipients'] - r['repeats_unmarked'])} of {fmt(r['repeated_recipients'])} |",
            f"| first copies marked as possible duplicates | {fmt(r['first_copies_marked'])} "
            "(claimed before the kill but not yet sent: mim cannot tell them from the repeats) |",
            f"| distinct Message-IDs | {fmt(r['distinct_ids'])} |",
            f"| outbox at the end | {r.get('outbox_after')} |",
        ]
    lines += [
        "",
        f"Busiest processes before the first run: {results[0]['busiest_before'] if results else '–'}",
        "",
    ]
    return "\n".join(lines)


def check(results):
    failed = []
    for r in results:
        if not r["complete"] or r["missing"]:
            failed.append(f"{r['run']}: {r['missing']} recipients without the message")
        if r["repeats_other_id"]:
            failed.append(f"{r['run']}: {r['repeats_other_id']} repeats under another Message-ID")
        if r["repeats_unmarked"]:
            failed.append(f"{r['run']}: {r['repeats_unmarked']} repeats not marked as possible "
                          "duplicates")
        if r["distinct_ids"] != r["recipients_reached"] or r["empty_ids"]:
            failed.append(f"{r['run']}: Message-IDs are not one per recipient")
        if r["unexpected"]:
            failed.append(f"{r['run']}: {r['unexpected']} unexpected recipients")
        if r["run"] == "clean" and r["repeated_recipients"]:
            failed.append(f"clean: {r['repeated_recipients']} repeats with no kill")
        if r["run"] == "kill":
            # Only a copy claimed at the kill can be sent again.
            in_flight = r.get("outbox_at_kill", {}).get("sending", 0)
            if r["repeated_recipients"] > in_flight:
                failed.append(f"kill: {r['repeated_recipients']} repeats, more than the "
                              f"{in_flight} copies claimed at the kill")
    return failed


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "smtp":
        return smtp_main(sys.argv[2:])
    if not os.path.exists(MIM):
        raise SystemExit(f"{MIM} is missing: run cargo build --release -p mim")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "crates"],
                           capture_output=True, text=True).stdout.strip()
    meta = {
        "when": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": commit + ("+changes" if dirty else ""),
        "cpus": os.cpu_count(),
        "recipients": RECIPIENTS,
        "lease_seconds": LEASE,
        "outbox_check_seconds": CHECK,
        "smtp_timeout_seconds": SMTP_TIMEOUT,
        "kill_at": KILL_AT,
        "target_seconds": TARGET_SECONDS,
    }
    results = []
    for kind in RUNS:
        if kind not in ("clean", "kill"):
            raise SystemExit(f"unknown run {kind!r} (clean, kill)")
        log(f"{kind}: starting (load average {loadavg()})")
        r = run(kind)
        log(f"{kind}: {r['recipients_reached']} recipients in {fmt(r['seconds'], 2)} s, "
            f"{r['repeated_recipients']} repeats")
        results.append(r)
    text = report(meta, results)
    os.makedirs(os.path.join(BENCH, "results"), exist_ok=True)
    with open(os.path.join(BENCH, "results", "fanout.md"), "w") as f:
        f.write(text)
    with open(os.path.join(BENCH, "results", "fanout.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1, default=str)
    print(text)
    failed = check(results)
    for f in failed:
        log("FAILED:", f)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
