#!/usr/bin/env python3
"""The intake benchmark of issue 3 point 8, run by bench/intake.sh (which installs wrk and
prometheus-alertmanager and builds mim in release first).

Phases, each against a fresh mim (`serve --demo`, fresh --data) and a fresh Alertmanager:
  single  1 alert per request: Alertmanager /api/v2/alerts, then mim's Alertmanager webhook
  batch   100 alerts per request, the same way
  storm   100,000 alerts over 200 systems with repeats, resolves, re-fires and stale copies,
          then the check of open cases through GET /api/cases; colour-change latency probes
Beside each mim run: a disk-flush probe in mim's data dir, the disk's flush count
(/proc/diskstats), mim's CPU time, its correlation backlog and peak RSS (VmHWM).
Results go to bench/results/latest.md (and latest.json).

Python standard library only. Settings by environment (defaults in brackets):
  BENCH_DURATION [20] s per measured wrk run   BENCH_WARMUP [5] s per warm-up run
  BENCH_CONNECTIONS [64]  BENCH_THREADS [2]    BENCH_STORM_ALERTS [100000]
  BENCH_STORM_SYSTEMS [200]  BENCH_PROBES [50]  BENCH_PHASES [single,batch,storm]
  BENCH_DRAIN_MAX [600] s to wait for mim's correlation worker to fold the storm
  BENCH_WATCH_AFTER [10] s to watch the correlation worker after a throughput run
  BENCH_STRACE [0] 1: count mim's own fsync calls with strace (slows mim's intake ~4x here:
               a diagnostic, not for the figures)
  MIM_BIN [target/release/mim]
"""

import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
MIM = os.environ.get("MIM_BIN", os.path.join(ROOT, "target", "release", "mim"))
AM_BIN = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")

DURATION = int(os.environ.get("BENCH_DURATION", "20"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
STORM_ALERTS = int(os.environ.get("BENCH_STORM_ALERTS", "100000"))
STORM_SYSTEMS = int(os.environ.get("BENCH_STORM_SYSTEMS", "200"))
PROBES = int(os.environ.get("BENCH_PROBES", "50"))
DRAIN_MAX = float(os.environ.get("BENCH_DRAIN_MAX", "600"))
USE_STRACE = os.environ.get("BENCH_STRACE", "0") == "1" and shutil.which("strace")
# How long to watch mim's correlation worker after a throughput run.
WATCH_AFTER = float(os.environ.get("BENCH_WATCH_AFTER", "10"))
PHASES = os.environ.get("BENCH_PHASES", "single,batch,storm").split(",")
TOKEN = "mim_i_demo_alertmanager"

TARGETS = {
    "single_ratio": 0.8,
    "single_p99_ms": 50.0,
    "batch_ratio": 1.0,
    "colour_p99_ms": 100.0,
    "rss_mib": 150.0,
}

servers = []  # every server this script started, stopped at the end whatever happens


def log(*a):
    print("[bench]", *a, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def busiest(n=5):
    out = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu"], capture_output=True, text=True)
    return ", ".join(" ".join(l.split()) for l in out.stdout.splitlines()[1 : n + 1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])  # kB
    except OSError:
        pass
    return None


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


def wait_idle(pids, limit=120.0, below=0.05):
    """Waits until the processes use less than `below` of a core over half a second."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        a = [cpu_seconds(p) or 0 for p in pids]
        time.sleep(0.5)
        b = [cpu_seconds(p) or 0 for p in pids]
        if sum(b) - sum(a) < below * 0.5:
            return time.monotonic() - start
    return None


def block_device(path):
    """The /proc/diskstats name of the disk holding `path` (the whole disk for a partition)."""
    st = os.stat(path)
    sys_dir = os.path.realpath(f"/sys/dev/block/{os.major(st.st_dev)}:{os.minor(st.st_dev)}")
    if not os.path.isdir(sys_dir):
        return None
    if os.path.exists(os.path.join(sys_dir, "partition")):
        sys_dir = os.path.dirname(sys_dir)
    return os.path.basename(sys_dir)


def device_flushes(device):
    """Flush requests the disk has completed (diskstats field 19, kernel ≥ 5.5): every fsync
    on this machine that reached the disk, mim's and anyone else's."""
    if not device:
        return None
    with open("/proc/diskstats") as f:
        for line in f:
            x = line.split()
            if x[2] == device and len(x) >= 20:
                return int(x[18])
    return None


def disk_probe(directory, seconds=2.0, max_writes=2000):
    """fsync'd 4 KiB appends in `directory` for up to `seconds`: fsyncs/s of this disk now."""
    path = os.path.join(directory, "flush-probe.bin")
    block = os.urandom(4096)
    n = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        start = time.monotonic()
        while n < max_writes and time.monotonic() - start < seconds:
            os.write(fd, block)
            os.fsync(fd)
            n += 1
        elapsed = time.monotonic() - start
    finally:
        os.close(fd)
        os.unlink(path)
    return n / elapsed


# ------------------------------------------------------------------------------------------
# Servers


class Mim:
    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix=f"mim-bench-{name}-")
        self.data = os.path.join(self.dir, "data")
        self.fsync_log = os.path.join(self.dir, "fsync.trace")
        self.stderr = open(os.path.join(self.dir, "mim.log"), "wb")
        cmd = [MIM, "serve", "--demo", "--listen", "127.0.0.1:0", "--data", self.data]
        if USE_STRACE:
            # Only fsync/fdatasync stop the process (seccomp filter): the count costs little.
            cmd = ["strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=fsync,fdatasync",
                   "-e", "signal=none", "-o", self.fsync_log] + cmd
        env = dict(os.environ)
        env.pop("MIM_PASSWORD", None)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr,
                                     stdin=subprocess.DEVNULL, env=env)
        servers.append(self)
        self.stopped = False
        self.banner = []
        deadline = time.monotonic() + 60
        self.base = None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            line = line.decode("utf-8", "replace").rstrip("\n")
            self.banner.append(line)
            if line.startswith("mim listening on "):
                self.base = line[len("mim listening on "):].strip()
                break
        if not self.base:
            raise SystemExit(f"mim did not start: {self.banner} {open(self.stderr.name).read()}")
        threading.Thread(target=self._drain, daemon=True).start()
        u = urllib.parse.urlparse(self.base)
        self.host, self.port = u.hostname, u.port
        self.pid = self._server_pid()
        self.admin = self._admin_token()

    def _drain(self):
        for _ in self.proc.stdout:
            pass

    def _server_pid(self):
        if not USE_STRACE:
            return self.proc.pid
        for _ in range(200):
            for task in os.listdir(f"/proc/{self.proc.pid}/task"):
                try:
                    with open(f"/proc/{self.proc.pid}/task/{task}/children") as f:
                        kids = f.read().split()
                except OSError:
                    kids = []
                if kids:
                    return int(kids[0])
            time.sleep(0.01)
        raise SystemExit("mim's pid under strace not found")

    def _admin_token(self):
        out = subprocess.run([MIM, "token", "create", "admin", "--name", "bench", "--data", self.data],
                             capture_output=True, text=True, timeout=60)
        m = re.search(r"mim_t_[A-Za-z0-9_\-]+", out.stdout + out.stderr)
        if not m:
            raise SystemExit(f"no admin token: {out.stdout} {out.stderr}")
        return m.group(0)

    def url(self, path):
        return self.base + path

    def fsyncs(self):
        if not USE_STRACE:
            return None
        n = 0
        try:
            with open(self.fsync_log, "rb") as f:
                for line in f:
                    if (b"fsync(" in line or b"fdatasync(" in line) and b"resumed>" not in line:
                        n += 1
        except OSError:
            return None
        return n

    def db(self):
        return os.path.join(self.data, "mim.sqlite3")

    def inbox(self):
        """(correlation cursor, last delivery seq), read beside the server (WAL)."""
        try:
            con = sqlite3.connect(f"file:{self.db()}?mode=ro", uri=True, timeout=5)
            try:
                last = con.execute("SELECT coalesce(max(seq),0) FROM intake_deliveries").fetchone()[0]
                row = con.execute("SELECT seq FROM intake_cursors WHERE name='correlation'").fetchone()
                return (row[0] if row else 0), last
            finally:
                con.close()
        except sqlite3.Error:
            return None, None

    def wait_correlated(self, limit=DRAIN_MAX):
        """Seconds until the correlation worker has folded the whole inbox (None: not in time)."""
        start = time.monotonic()
        while time.monotonic() - start < limit:
            cursor, last = self.inbox()
            if cursor is not None and cursor >= last:
                return time.monotonic() - start
            time.sleep(0.2)
        return None

    def intake_stats(self):
        """The writer's (groups, deliveries) if mim exposes them (a proposed endpoint)."""
        for path in ("/api/intake/stats",):
            try:
                status, body = request(self, "GET", path, token=self.admin)
            except OSError:
                return None
            if status == 200:
                try:
                    v = json.loads(body)
                    return int(v["groups"]), int(v["deliveries"])
                except (ValueError, KeyError, TypeError):
                    return None
        return None

    def peak_rss_mib(self):
        kb = proc_status(self.pid, "VmHWM")
        return None if kb is None else kb / 1024

    def stop(self, patience=15.0):
        """SIGTERM, then SIGKILL after `patience` s. Returns (seconds to stop, needed SIGKILL)."""
        if self.stopped:
            return None
        self.stopped = True
        t = time.monotonic()
        killed = False
        if self.proc.poll() is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=patience)
            except subprocess.TimeoutExpired:
                log(f"mim {self.pid} did not stop within {patience:.0f} s of SIGTERM: killing it")
                killed = True
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self.stderr.close()
        return {"seconds": time.monotonic() - t, "sigkill": killed}

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Alertmanager:
    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix=f"am-bench-{name}-")
        config = os.path.join(self.dir, "alertmanager.yml")
        with open(config, "w") as f:
            f.write("route:\n  receiver: blackhole\n  group_by: ['system']\n"
                    "receivers:\n  - name: blackhole\n")
        self.port = free_port()
        self.host = "127.0.0.1"
        self.log = open(os.path.join(self.dir, "alertmanager.log"), "wb")
        self.proc = subprocess.Popen(
            [AM_BIN, f"--config.file={config}", f"--storage.path={self.dir}/data",
             f"--web.listen-address=127.0.0.1:{self.port}", "--cluster.listen-address=",
             "--log.level=warn"],
            stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL)
        servers.append(self)
        self.stopped = False
        self.pid = self.proc.pid
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = request(self, "GET", "/-/ready")
                if status == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise SystemExit(f"Alertmanager did not start: {open(self.log.name).read()}")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def peak_rss_mib(self):
        kb = proc_status(self.pid, "VmHWM")
        return None if kb is None else kb / 1024

    def stop(self):
        if self.stopped:
            return
        self.stopped = True
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def request(server, method, path, body=None, token=None, headers=None, conn=None):
    own = conn is None
    if own:
        conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
    h = dict(headers or {})
    if token:
        h["Authorization"] = f"Bearer {token}"
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
        h.setdefault("Content-Type", "application/json")
    try:
        conn.request(method, path, body=body, headers=h)
        res = conn.getresponse()
        data = res.read()
        return res.status, data
    finally:
        if own:
            conn.close()


# ------------------------------------------------------------------------------------------
# wrk


def wrk(url, target, per_request, tag, systems, seconds, env=None):
    starts_at = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s",
           "-s", os.path.join(BENCH, "intake.lua"), url, "--", target, str(per_request),
           str(tag), ",".join(systems), starts_at]
    e = dict(os.environ)
    e.update(env or {})
    out = subprocess.run(cmd, capture_output=True, text=True, env=e, timeout=seconds + 120)
    m = re.search(r"^BENCH_JSON (\{.*\})$", out.stdout, re.M)
    if not m:
        raise SystemExit(f"wrk gave no result: {out.stdout}\n{out.stderr}")
    r = json.loads(m.group(1))
    secs = r["duration_us"] / 1e6
    r["per_request"] = per_request
    r["rps"] = r["requests"] / secs
    r["alerts_per_s"] = r["rps"] * per_request
    r["alerts"] = r["requests"] * per_request
    r["errors"] = r["non_2xx"] + r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]
    return r


def demo_systems(mim):
    status, body = request(mim, "GET", "/api/systems", token=mim.admin)
    assert status == 200, body
    return [s["id"] for s in json.loads(body)]


def throughput_phase(name, per_request, tag):
    """Alertmanager, then mim, with the same alerts (same tag), each after a warm-up of its own
    (other alerts); neither runs while the other is busy."""
    log(f"phase {name}: {per_request} alert(s) per request, load {loadavg()}")
    am = Alertmanager(name)
    mim = Mim(name)
    device = block_device(mim.data)
    result = {"per_request": per_request, "load_before": loadavg(), "busiest_before": busiest(),
              "device": device}
    try:
        systems = demo_systems(mim)
        env = {"MIM_INTAKE_TOKEN": TOKEN}
        am_url = am.url("/api/v2/alerts")
        mim_url = mim.url("/api/intake/alertmanager")

        wait_idle([mim.pid, am.pid])
        wrk(am_url, "am", per_request, tag + 100, systems, WARMUP)
        result["load_am"] = loadavg()
        result["am"] = wrk(am_url, "am", per_request, tag, systems, DURATION)
        result["am"]["peak_rss_mib"] = am.peak_rss_mib()
        log(f"  Alertmanager: {result['am']['alerts_per_s']:.0f} alerts/s, p99 {result['am']['p99_us']/1000:.1f} ms")
        am.stop()
        wait_idle([mim.pid])

        result["disk_fsyncs_per_s_before"] = disk_probe(mim.data)
        wrk(mim_url, "mim", per_request, tag + 100, systems, WARMUP, env)
        result["load_mim"] = loadavg()
        f0, d0, s0, cpu0 = mim.fsyncs(), device_flushes(device), mim.intake_stats(), cpu_seconds(mim.pid)
        cursor0, last0 = mim.inbox()
        result["mim"] = wrk(mim_url, "mim", per_request, tag, systems, DURATION, env)
        f1, d1, s1, cpu1 = mim.fsyncs(), device_flushes(device), mim.intake_stats(), cpu_seconds(mim.pid)
        cursor1, last1 = mim.inbox()
        m = result["mim"]
        m["peak_rss_mib"] = mim.peak_rss_mib()
        m["cpu_s"] = (cpu1 or 0) - (cpu0 or 0)
        secs = m["duration_us"] / 1e6
        if d0 is not None and d1 is not None:
            m["disk_flushes"] = d1 - d0
            m["disk_flushes_per_s"] = m["disk_flushes"] / secs
            m["alerts_per_flush"] = m["alerts"] / m["disk_flushes"] if m["disk_flushes"] else None
            m["requests_per_flush"] = m["requests"] / m["disk_flushes"] if m["disk_flushes"] else None
        if f0 is not None and f1 is not None:
            m["fsyncs"] = f1 - f0
            m["alerts_per_fsync"] = m["alerts"] / m["fsyncs"] if m["fsyncs"] else None
        if s0 and s1 and s1[0] > s0[0]:
            m["deliveries_per_group"] = (s1[1] - s0[1]) / (s1[0] - s0[0])
        if None not in (cursor0, cursor1, last0, last1):
            m["correlated_during_run"] = cursor1 - cursor0
            m["backlog_at_end"] = last1 - cursor1
        result["disk_fsyncs_per_s_after"] = disk_probe(mim.data)
        log(f"  mim: {m['alerts_per_s']:.0f} alerts/s, p99 {m['p99_us']/1000:.1f} ms, "
            f"errors {m['errors']}, disk flushes {m.get('disk_flushes')}, backlog {m.get('backlog_at_end')}")
        result["ratio"] = m["alerts_per_s"] / result["am"]["alerts_per_s"]

        # The correlation worker after the run: how fast it folds the backlog, and memory.
        c0, _ = mim.inbox()
        t = time.monotonic()
        drained = mim.wait_correlated(WATCH_AFTER)
        c1, last = mim.inbox()
        result["watch"] = {"seconds": time.monotonic() - t, "folded": (c1 or 0) - (c0 or 0),
                           "left": (last or 0) - (c1 or 0), "drained_s": drained}
        result["watch"]["deliveries_per_s"] = result["watch"]["folded"] / result["watch"]["seconds"]
        result["mim_peak_rss_mib"] = mim.peak_rss_mib()
        log(f"  ratio {result['ratio']:.2f}; correlation folds {result['watch']['deliveries_per_s']:.0f} "
            f"deliveries/s, {result['watch']['left']} left; mim peak RSS {result['mim_peak_rss_mib']:.0f} MiB")
    finally:
        result["stop"] = mim.stop()
        am.stop()
        mim.cleanup()
    return result


# ------------------------------------------------------------------------------------------
# Storm


SEVERITIES = [("warning", 6), ("critical", 2), ("info", 2)]


def storm_plan(systems, total, seed=3):
    """Alertmanager notifications per system, in order: every round repeats the group's firing
    alerts, adds new ones, resolves some, now and then re-fires a resolved one (a new episode)
    or resends a stale firing copy of a resolved one. Exactly `total` alert entries. Returns
    the deliveries (system, body bytes, alerts in it) and the expected end state per system."""
    rng = random.Random(seed)
    t0 = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(hours=2)
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    state = {}
    for i, s in enumerate(systems):
        state[s] = {"firing": {}, "resolved": {}, "seen_firings": 0, "max_users": 0, "next": 0,
                    "round": 0, "resolve_all": i % 10 == 9, "index": i}
    deliveries = []
    sent = 0

    def new_alert(s, st, at):
        n = st["next"]
        st["next"] += 1
        sev = rng.choices([w for w, _ in SEVERITIES], [p for _, p in SEVERITIES])[0]
        return {"fp": f"{st['index']:04x}{n:012x}", "name": rng.choice(
            ["InstanceDown", "HighErrorRate", "HighLatency", "DiskWillFillIn4Hours", "BackendUnhealthy"]),
            "instance": f"{s}-node-{n}.kuusijarvi.example:9100", "severity": sev,
            "users": rng.randint(1, 400), "starts": at}

    def entry(s, a, status, ends=None):
        return {"status": status,
                "labels": {"alertname": a["name"], "system": s, "severity": a["severity"],
                           "instance": a["instance"], "job": "node", "env": "prod",
                           "affected_users": str(a["users"])},
                "annotations": {"summary": f"{a['name']} on {a['instance']}"},
                "startsAt": iso(a["starts"]), "endsAt": iso(ends) if ends else "0001-01-01T00:00:00Z",
                "generatorURL": "http://prometheus.kuusijarvi.example:9090/graph",
                "fingerprint": a["fp"]}

    def body(s, alerts):
        status = "firing" if any(a["status"] == "firing" for a in alerts) else "resolved"
        return json.dumps({"version": "4", "groupKey": f'{{}}:{{system="{s}"}}', "truncatedAlerts": 0,
                           "status": status, "receiver": "mim", "groupLabels": {"system": s},
                           "commonLabels": {"system": s}, "commonAnnotations": {},
                           "externalURL": "http://alertmanager.kuusijarvi.example:9093",
                           "alerts": alerts}).encode()

    def reserve():
        return sum(len(st["firing"]) for st in state.values() if st["resolve_all"])

    order = list(systems)
    stop = False
    while not stop:
        for s in order:
            st = state[s]
            st["round"] += 1
            at = t0 + dt.timedelta(minutes=st["round"])
            changes = []  # (kind, alert)
            for _ in range(rng.randint(2, 8)):
                changes.append(("fire", new_alert(s, st, at)))
            firing_now = list(st["firing"].values())
            for a in rng.sample(firing_now, min(len(firing_now), rng.randint(0, 3))):
                changes.append(("resolve", a))
            if st["resolved"] and rng.random() < 0.2:
                a = rng.choice(list(st["resolved"].values()))
                kind = "refire" if rng.random() < 0.5 else "stale"
                changes.append((kind, a))
            # The notification: firing alerts (repeats) and this round's changes.
            resolving = {a["fp"] for k, a in changes if k == "resolve"}
            entries = [entry(s, a, "firing") for a in st["firing"].values() if a["fp"] not in resolving]
            for k, a in changes:
                if k == "fire":
                    entries.append(entry(s, a, "firing"))
                elif k == "resolve":
                    entries.append(entry(s, a, "resolved", ends=at))
                elif k == "refire":
                    b = dict(a, starts=at)
                    entries.append(entry(s, b, "firing"))
                else:  # a stale copy of the resolved episode: must change nothing
                    entries.append(entry(s, a, "firing"))
            new_firing = sum(1 for k, _ in changes if k in ("fire", "refire"))
            if sent + len(entries) + reserve() + new_firing * st["resolve_all"] > total:
                stop = True
                break
            for k, a in changes:
                if k == "fire":
                    st["firing"][a["fp"]] = a
                    st["seen_firings"] += 1
                    st["max_users"] = max(st["max_users"], a["users"])
                elif k == "resolve":
                    st["firing"].pop(a["fp"], None)
                    st["resolved"][a["fp"]] = dict(a, ends=at)
                elif k == "refire":
                    st["resolved"].pop(a["fp"], None)
                    st["firing"][a["fp"]] = dict(a, starts=at)
                    st["seen_firings"] += 1
                    st["max_users"] = max(st["max_users"], a["users"])
            deliveries.append((s, body(s, entries), len(entries)))
            sent += len(entries)
    # Systems that end quiet: every firing alert resolved.
    for s in systems:
        st = state[s]
        if st["resolve_all"] and st["firing"]:
            at = t0 + dt.timedelta(minutes=st["round"] + 1)
            entries = [entry(s, a, "resolved", ends=at) for a in st["firing"].values()]
            for a in st["firing"].values():
                st["resolved"][a["fp"]] = dict(a, ends=at)
            st["firing"] = {}
            deliveries.append((s, body(s, entries), len(entries)))
            sent += len(entries)
    # Top up to exactly `total` with repeats of still-firing alerts.
    left = total - sent
    firing_systems = [s for s in systems if state[s]["firing"]]
    i = 0
    while left > 0 and firing_systems:
        s = firing_systems[i % len(firing_systems)]
        i += 1
        alerts = list(state[s]["firing"].values())[:left]
        entries = [entry(s, a, "firing") for a in alerts]
        deliveries.append((s, body(s, entries), len(entries)))
        sent += len(entries)
        left -= len(entries)
    assert sent == total, (sent, total)
    return deliveries, state


def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100 * len(v) + 0.5)) - 1))
    return v[k]


def send_storm(mim, deliveries, workers=16):
    """Sends the deliveries with `workers` connections; one system's deliveries always go in
    order through one connection. Returns (seconds, latencies, failures)."""
    by_worker = [[] for _ in range(workers)]
    owner = {}
    for s, b, n in deliveries:
        w = owner.setdefault(s, len(owner) % workers)
        by_worker[w].append(b)
    latencies = [[] for _ in range(workers)]
    failures = []

    def run(w):
        conn = http.client.HTTPConnection(mim.host, mim.port, timeout=120)
        for b in by_worker[w]:
            t = time.monotonic()
            try:
                status, data = request(mim, "POST", "/api/intake/alertmanager", body=b, token=TOKEN,
                                       headers={"Content-Type": "application/json"}, conn=conn)
            except (OSError, http.client.HTTPException) as e:
                failures.append(str(e))
                conn.close()
                conn = http.client.HTTPConnection(mim.host, mim.port, timeout=120)
                continue
            latencies[w].append(time.monotonic() - t)
            if status != 202:
                failures.append(f"{status} {data[:200]!r}")
        conn.close()

    start = time.monotonic()
    threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - start, [x for l in latencies for x in l], failures


def put_system(mim, sid, name, users):
    status, body = request(mim, "PUT", f"/api/systems/{sid}", token=mim.admin,
                           body={"id": sid, "name": name, "user_count": users})
    if status not in (200, 201):
        raise SystemExit(f"PUT /api/systems/{sid}: {status} {body[:300]!r}")


def open_cases(mim):
    status, body = request(mim, "GET", "/api/cases?open=true&limit=1000", token=mim.admin)
    assert status == 200, body
    return json.loads(body)


def get_case(mim, cid, conn=None):
    status, body = request(mim, "GET", f"/api/cases/{cid}", token=mim.admin, conn=conn)
    assert status == 200, (status, body[:300])
    return json.loads(body)["case"]


def probe_alert(system, n, users, starts):
    return json.dumps({"version": "4", "groupKey": f'{{}}:{{system="{system}"}}', "truncatedAlerts": 0,
                       "status": "firing", "receiver": "mim", "alerts": [{
                           "status": "firing",
                           "labels": {"alertname": "ProbeErrorRate", "system": system, "severity": "warning",
                                      "instance": f"probe-{n}", "affected_users": str(users)},
                           "annotations": {"summary": f"probe {n}"}, "startsAt": starts,
                           "endsAt": "0001-01-01T00:00:00Z", "fingerprint": f"{n:016x}"}]}).encode()


def prepare_probes(mim, systems, timeout=120.0):
    """Per probe system an alert for 5 users (severity `warning` → inconvenient: green); waits
    for its case. Returns {system: case id}."""
    conn = http.client.HTTPConnection(mim.host, mim.port, timeout=60)
    starts = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for i, system in enumerate(systems):
        status, body = request(mim, "POST", "/api/intake/alertmanager",
                               body=probe_alert(system, i, 5, starts), token=TOKEN, conn=conn)
        assert status == 202, (status, body)
    cases = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(cases) < len(systems):
        for c in open_cases(mim):
            if c["system"] in systems:
                cases[c["system"]] = c["id"]
        time.sleep(0.05)
    conn.close()
    return cases


def colour_probes(mim, cases, samples, first_n, busy=None, timeout=120.0):
    """On each prepared probe case: an alert for 60 users (band 51–100: yellow), then one for
    150 (101+: red); each crossing is timed from the moment before its POST to the first
    GET /api/cases/{id} that shows the new suggested colour. `busy()`: whether the storm is
    still being sent, recorded per sample."""
    conn = http.client.HTTPConnection(mim.host, mim.port, timeout=60)
    starts = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    out, failures = [], []
    n = first_n
    for system, cid in cases.items():
        for users, colour in ((60, "yellow"), (150, "red")):
            if len(out) >= samples:
                break
            n += 1
            sending = busy() if busy else False
            t0 = time.monotonic()
            status, body = request(mim, "POST", "/api/intake/alertmanager",
                                   body=probe_alert(system, n, users, starts), token=TOKEN, conn=conn)
            acked = time.monotonic()
            if status != 202:
                failures.append(f"{status} {body[:200]!r}")
                break
            seen = None
            while time.monotonic() - t0 < timeout:
                case = get_case(mim, cid, conn)
                if (case.get("suggested") or {}).get("colour") == colour:
                    seen = time.monotonic()
                    break
            if seen is None:
                failures.append(f"{cid} not {colour} within {timeout} s")
                break
            out.append({"ms": (seen - t0) * 1000, "ack_ms": (acked - t0) * 1000, "while_sending": sending})
    conn.close()
    return out, failures


def storm_phase():
    log(f"phase storm: {STORM_ALERTS} alerts over {STORM_SYSTEMS} systems, load {loadavg()}")
    mim = Mim("storm")
    result = {"load_before": loadavg(), "busiest_before": busiest()}
    try:
        storm_ids = [f"storm-{i:03d}" for i in range(STORM_SYSTEMS)]
        probe_ids = [f"probe-{i:03d}" for i in range(PROBES)]
        rng = random.Random(7)
        users_of = {}
        t = time.monotonic()
        for sid in storm_ids:
            users_of[sid] = rng.choice([300, 800, 1500, 5000, 12000])
            put_system(mim, sid, f"Storm {sid[-3:]}", users_of[sid])
        for sid in probe_ids:
            put_system(mim, sid, f"Probe {sid[-3:]}", 1000)
        result["systems_created_s"] = time.monotonic() - t
        deliveries, expected = storm_plan(storm_ids, STORM_ALERTS)
        result["deliveries"] = len(deliveries)
        result["alerts"] = sum(n for _, _, n in deliveries)
        result["body_mib"] = sum(len(b) for _, b, _ in deliveries) / 2**20

        # Probe cases are opened first; their crossings are timed while the storm is sent (and
        # its backlog folded), then again with the server idle.
        probe_cases = prepare_probes(mim, probe_ids)
        if len(probe_cases) < len(probe_ids):
            raise SystemExit(f"only {len(probe_cases)} of {len(probe_ids)} probe cases opened")
        half = max(1, PROBES // 2)
        during_cases = dict(list(probe_cases.items())[:half])
        idle_cases = dict(list(probe_cases.items())[half:])
        probe_during = {}
        sending = threading.Event()
        sending.set()

        def during():
            probe_during["samples"], probe_during["failures"] = colour_probes(
                mim, during_cases, PROBES, 1000, busy=sending.is_set, timeout=DRAIN_MAX)

        device = block_device(mim.data)
        result["disk_fsyncs_per_s_before"] = disk_probe(mim.data)
        f0 = device_flushes(device)
        prober = threading.Thread(target=during)
        prober.start()
        secs, lat, failures = send_storm(mim, deliveries)
        sending.clear()
        f1 = device_flushes(device)
        result["send_s"] = secs
        result["send_alerts_per_s"] = result["alerts"] / secs
        result["send_p50_ms"] = percentile(lat, 50) * 1000
        result["send_p99_ms"] = percentile(lat, 99) * 1000
        result["send_failures"] = failures[:5]
        result["send_failure_count"] = len(failures)
        if f0 is not None and f1 is not None:
            result["send_flushes"] = f1 - f0
        result["rss_after_send_mib"] = mim.peak_rss_mib()
        log(f"  sent in {secs:.1f} s ({result['send_alerts_per_s']:.0f} alerts/s), failures {len(failures)}")
        drain = mim.wait_correlated()
        result["drain_after_send_s"] = drain
        log(f"  correlation caught up {drain} s after the last delivery")
        prober.join()
        result["probe_during"] = probe_during

        # The check through the API.
        cases = open_cases(mim)
        by_system = {}
        for c in cases:
            by_system.setdefault(c["system"], []).append(c)
        problems = []
        checked = 0
        for sid in storm_ids:
            st = expected[sid]
            mine = by_system.get(sid, [])
            if st["firing"]:
                if len(mine) != 1:
                    problems.append(f"{sid}: {len(mine)} open cases, expected 1")
                    continue
            elif len(mine) > 1:
                problems.append(f"{sid}: {len(mine)} open cases with no alert firing")
                continue
            if not mine:
                continue
            case = get_case(mim, mine[0]["id"])
            checked += 1
            firing = set(case.get("firing_alerts") or [])
            want = set(st["firing"])
            if firing != want:
                problems.append(f"{sid}: {len(firing)} firing alerts, expected {len(want)} "
                                f"(missing {len(want - firing)}, extra {len(firing - want)})")
            if case.get("alerts_seen") != st["seen_firings"]:
                problems.append(f"{sid}: alerts_seen {case.get('alerts_seen')}, expected {st['seen_firings']}")
            users = (case.get("estimate") or {}).get("users")
            if users != st["max_users"]:
                problems.append(f"{sid}: estimate {users}, expected {st['max_users']}")
        with_firing = sum(1 for s in storm_ids if expected[s]["firing"])
        result["systems_with_firing"] = with_firing
        result["open_storm_cases"] = sum(len(by_system.get(s, [])) for s in storm_ids)
        result["cases_checked"] = checked
        result["problems"] = problems
        result["check_passed"] = not problems and drain is not None
        log(f"  check: {with_firing} systems with firing alerts, {result['open_storm_cases']} open cases, "
            f"{len(problems)} problems")

        # Probes with no request but the probes' own: what mim does by itself now.
        c0 = cpu_seconds(mim.pid)
        time.sleep(5)
        result["idle_cpu_share"] = ((cpu_seconds(mim.pid) or 0) - (c0 or 0)) / 5
        log(f"  mim uses {100 * result['idle_cpu_share']:.0f} % of a core with no requests")
        samples, fails = colour_probes(mim, idle_cases, PROBES, 5000)
        result["probe_idle"] = {"samples": samples, "failures": fails}
        result["mim_peak_rss_mib"] = mim.peak_rss_mib()
        result["load_after"] = loadavg()
        result["disk_fsyncs_per_s_after"] = disk_probe(mim.data)
    finally:
        result["stop"] = mim.stop()
        mim.cleanup()
    return result


# ------------------------------------------------------------------------------------------
# Report


def fmt(v, digits=0, unit=""):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}{unit}".replace(",", " ")
    return f"{v}{unit}"


def verdict(ok):
    return "**pass**" if ok else "**FAIL**"


def probe_stats(p):
    ms = [s["ms"] for s in p.get("samples", [])]
    return {"n": len(ms), "p50": percentile(ms, 50), "p99": percentile(ms, 99), "max": max(ms) if ms else None,
            "failures": len(p.get("failures", [])),
            "while_sending": sum(1 for s in p.get("samples", []) if s.get("while_sending")),
            "over_100": sum(1 for x in ms if x > 100)}


def report(results, meta):
    L = []
    L.append("# Intake benchmark — latest run")
    L.append("")
    L.append(f"Written by `bench/intake.sh` on {meta['date']} (git {meta['git']}). "
             f"Machine: {meta['cpus']} CPUs, {meta['kernel']}; wrk {THREADS} threads, {CONNECTIONS} connections, "
             f"{DURATION} s per measured run after a {WARMUP} s warm-up per receiver; "
             f"Alertmanager {meta['am_version']}. fsyncs counted by strace: {'yes' if USE_STRACE else 'no'}.")
    L.append("")
    L.append(f"Load average at start {meta['load_start']}, at end {meta['load_end']}. "
             f"Busiest processes at start: {meta['busiest_start']}.")
    L.append("")
    rows = []
    for key, label in (("single", "1 alert / request"), ("batch", "100 alerts / request")):
        r = results.get(key)
        if not r:
            continue
        for who in ("am", "mim"):
            x = r[who]
            rows.append(f"| {label} | {'Alertmanager' if who == 'am' else 'mim'} | {fmt(x['rps'])} | "
                        f"{fmt(x['alerts_per_s'])} | {fmt(x['p50_us']/1000, 1)} | {fmt(x['p99_us']/1000, 1)} | "
                        f"{fmt(x['max_us']/1000, 0)} | {x['errors']} | "
                        f"{fmt(x.get('peak_rss_mib') if who == 'am' else r.get('mim_peak_rss_mib'), 0)} | "
                        f"{r['load_am'] if who == 'am' else r['load_mim']} |")
    if rows:
        L.append("## Throughput (same alerts to both receivers, each in its own format)")
        L.append("")
        L.append("| load | receiver | requests/s | alerts/s | p50 ms | p99 ms | max ms | non-2xx + errors | peak RSS MiB | load avg |")
        L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        L.extend(rows)
        L.append("")
        L.append("| measure | value | target | verdict |")
        L.append("| --- | ---: | --- | --- |")
        if "single" in results:
            r = results["single"]
            L.append(f"| mim/Alertmanager alerts/s, 1 alert per request | {r['ratio']:.2f} | ≥ {TARGETS['single_ratio']} | {verdict(r['ratio'] >= TARGETS['single_ratio'])} |")
            p99 = r["mim"]["p99_us"] / 1000
            L.append(f"| mim p99, 1 alert per request | {p99:.1f} ms | < {TARGETS['single_p99_ms']:.0f} ms | {verdict(p99 < TARGETS['single_p99_ms'])} |")
            L.append(f"| mim non-2xx and socket errors, 1 alert per request | {r['mim']['errors']} | 0 | {verdict(r['mim']['errors'] == 0)} |")
        if "batch" in results:
            r = results["batch"]
            L.append(f"| mim/Alertmanager alerts/s, 100 alerts per request | {r['ratio']:.2f} | ≥ {TARGETS['batch_ratio']} | {verdict(r['ratio'] >= TARGETS['batch_ratio'])} |")
            L.append(f"| mim non-2xx and socket errors, 100 alerts per request | {r['mim']['errors']} | 0 | {verdict(r['mim']['errors'] == 0)} |")
        L.append("")
        L.append("## Group commit, the disk, the correlation worker, memory")
        L.append("")
        L.append("| load | disk probe before / after (fsync/s) | disk flushes in the mim run | flushes/s | alerts per flush | requests per flush | writer deliveries per group | mim CPU s in the run | folded in the run | backlog at the end | folding afterwards (deliveries/s) | mim peak RSS after the run / at the end (MiB) | SIGTERM stop |")
        L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for key, label in (("single", "1 alert / request"), ("batch", "100 alerts / request")):
            r = results.get(key)
            if not r:
                continue
            m = r["mim"]
            w = r.get("watch", {})
            st = r.get("stop") or {}
            stop = f"{st.get('seconds', 0):.1f} s" + (", SIGKILL needed" if st.get("sigkill") else "")
            L.append(f"| {label} | {fmt(r['disk_fsyncs_per_s_before'])} / {fmt(r['disk_fsyncs_per_s_after'])} | "
                     f"{fmt(m.get('disk_flushes'))} | {fmt(m.get('disk_flushes_per_s'))} | {fmt(m.get('alerts_per_flush'), 1)} | "
                     f"{fmt(m.get('requests_per_flush'), 1)} | {fmt(m.get('deliveries_per_group'), 1) if m.get('deliveries_per_group') else 'not exposed by this mim'} | "
                     f"{fmt(m.get('cpu_s'), 1)} | {fmt(m.get('correlated_during_run'))} | {fmt(m.get('backlog_at_end'))} | "
                     f"{fmt(w.get('deliveries_per_s'))} | {fmt(m.get('peak_rss_mib'), 0)} / {fmt(r.get('mim_peak_rss_mib'), 0)} | {stop} |")
        L.append("")
        for key in ("single", "batch"):
            m = (results.get(key) or {}).get("mim", {})
            if m.get("fsyncs"):
                L.append(f"strace ({key}): mim made {m['fsyncs']} fsync/fdatasync calls, "
                         f"{m['alerts_per_fsync']:.1f} alerts per call (strace slows mim: figures of such a run are not comparable).")
                L.append("")
        L.append("*Disk flushes* are the flush requests the disk completed during mim's measured run "
                 "(`/proc/diskstats`): every fsync that reached the disk — mim's intake group commits and its "
                 "correlation worker's writes, plus anything else on the machine (other builds). *Alerts per "
                 "flush* is the group-commit factor seen from the disk. *Writer deliveries per group* is the "
                 "intake writer's own factor over the run, from `GET /api/intake/stats` (deliveries ÷ groups). *Folded* counts "
                 "deliveries the correlation worker turned into case events; *backlog* what it had still to do; "
                 f"*folding afterwards* is its rate in the {WATCH_AFTER:.0f} s after the run.")
        L.append("")
    s = results.get("storm")
    if s:
        L.append("## Storm")
        L.append("")
        L.append(f"{s['alerts']} alerts in {s['deliveries']} Alertmanager notifications ({s['body_mib']:.0f} MiB) over "
                 f"{STORM_SYSTEMS} systems (created through `PUT /api/systems/{{id}}` in {s['systems_created_s']:.1f} s), "
                 "16 connections, one system's notifications in order on one connection. Every notification repeats "
                 "the group's firing alerts and adds new ones, resolves some, re-fires a resolved one (new episode) "
                 "or resends a stale firing copy of a resolved one; every tenth system ends with all alerts resolved.")
        L.append("")
        L.append("| measure | value |")
        L.append("| --- | ---: |")
        L.append(f"| sending took | {s['send_s']:.1f} s ({fmt(s['send_alerts_per_s'])} alerts/s) |")
        L.append(f"| request latency p50 / p99 | {fmt(s['send_p50_ms'], 1)} / {fmt(s['send_p99_ms'], 1)} ms |")
        L.append(f"| non-202 or failed requests | {s['send_failure_count']} |")
        L.append(f"| disk flushes while sending | {fmt(s.get('send_flushes'))} "
                 f"({fmt(s['alerts'] / s['send_flushes'], 1) if s.get('send_flushes') else '–'} alerts per flush) |")
        L.append(f"| disk probe before / after | {fmt(s.get('disk_fsyncs_per_s_before'))} / {fmt(s.get('disk_fsyncs_per_s_after'))} fsync/s |")
        d = s["drain_after_send_s"]
        L.append(f"| correlation caught up after the last delivery | {fmt(d, 1, ' s') if d is not None else f'not within {DRAIN_MAX:.0f} s'} |")
        L.append(f"| mim's CPU with no requests after the storm (5 s) | {100 * s.get('idle_cpu_share', 0):.0f} % of a core |")
        L.append(f"| systems with firing alerts at the end | {s['systems_with_firing']} |")
        L.append(f"| open cases of storm systems | {s['open_storm_cases']} |")
        L.append(f"| cases checked (firing set, alerts seen, estimate) | {s['cases_checked']} |")
        L.append(f"| check | {verdict(s['check_passed'])}{': ' + '; '.join(s['problems'][:5]) if s['problems'] else ''} |")
        L.append(f"| mim peak RSS (storm server): after sending / at the end | {fmt(s.get('rss_after_send_mib'), 0)} / {fmt(s.get('mim_peak_rss_mib'), 0)} MiB |")
        st = s.get("stop") or {}
        L.append(f"| mim stopped after SIGTERM | {fmt(st.get('seconds'), 1, ' s')}{' (no: SIGKILL)' if st.get('sigkill') else ''} |")
        L.append("")
        L.append("Colour-change latency: an alert for 5 users (severity `warning` → inconvenient: green), then one for "
                 "60 (yellow) and one for 150 (red) on probe systems; timed from before the POST to the first "
                 "`GET /api/cases/{id}` showing the new suggested colour.")
        L.append("")
        L.append("| when | samples | of them while sending | over 100 ms | p50 ms | p99 ms | max ms | failures | target p99 | verdict |")
        L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
        for key, label in (("probe_during", "during the storm (sending + folding its backlog)"), ("probe_idle", "after the storm, backlog folded")):
            p = probe_stats(s.get(key, {}))
            ok = p["n"] > 0 and p["failures"] == 0 and p["p99"] is not None and p["p99"] < TARGETS["colour_p99_ms"]
            L.append(f"| {label} | {p['n']} | {p['while_sending']} | {p['over_100']} | {fmt(p['p50'], 1)} | {fmt(p['p99'], 1)} | {fmt(p['max'], 1)} | {p['failures']} | "
                     f"< {TARGETS['colour_p99_ms']:.0f} ms | {verdict(ok)} |")
        L.append("")
    peaks = [r.get("mim_peak_rss_mib") for r in results.values() if r.get("mim_peak_rss_mib") is not None]
    if peaks:
        L.append(f"Peak memory of mim (VmHWM, highest of the phases): {max(peaks):.0f} MiB; target < "
                 f"{TARGETS['rss_mib']:.0f} MiB: {verdict(max(peaks) < TARGETS['rss_mib'])}.")
        L.append("")
    return "\n".join(L) + "\n"


def main():
    if not os.path.exists(MIM):
        raise SystemExit(f"{MIM} is missing: run cargo build --release -p mim")
    if not AM_BIN:
        raise SystemExit("prometheus-alertmanager is not installed")
    am_version = subprocess.run([AM_BIN, "--version"], capture_output=True, text=True)
    meta = {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "git": subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True,
                              text=True).stdout.strip(),
        "cpus": os.cpu_count(),
        "kernel": " ".join(os.uname()[2:3]),
        "am_version": (re.search(r"version (\S+)", am_version.stdout + am_version.stderr) or [None, "?"])[1],
        "load_start": loadavg(),
        "busiest_start": busiest(),
    }
    results = {}
    try:
        if "single" in PHASES:
            results["single"] = throughput_phase("single", 1, 1)
        if "batch" in PHASES:
            results["batch"] = throughput_phase("batch", 100, 2)
        if "storm" in PHASES:
            results["storm"] = storm_phase()
    finally:
        for srv in servers:
            try:
                srv.stop()
            except Exception as e:  # keep stopping the others
                log(f"stopping a server: {e}")
    meta["load_end"] = loadavg()
    os.makedirs(os.path.join(BENCH, "results"), exist_ok=True)
    text = report(results, meta)
    with open(os.path.join(BENCH, "results", "latest.md"), "w") as f:
        f.write(text)
    with open(os.path.join(BENCH, "results", "latest.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1, default=str)
    print(text)
    failed = []
    for key in ("single", "batch"):
        if key in results and results[key]["mim"]["errors"]:
            failed.append(f"{key}: mim answered non-2xx or failed")
        if key in results and results[key]["am"]["errors"]:
            failed.append(f"{key}: Alertmanager answered non-2xx or failed")
    if "storm" in results and (results["storm"]["send_failure_count"] or not results["storm"]["check_passed"]):
        failed.append("storm: failed requests or the case check failed")
    if failed:
        print("RUN FAILED: " + "; ".join(failed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
