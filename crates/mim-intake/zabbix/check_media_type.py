#!/usr/bin/env python3
"""Runs the script of mim_media_type.yaml the way Zabbix does (a function of `value`, with
HttpRequest and Zabbix stubbed) under Duktape (`duk`, Zabbix's engine) or else Node, and checks
the bodies it posts equal tests/fixtures/zabbix-media-type-{problem,recovery}.json, which the
Rust tests parse. Needs python3 with PyYAML. Run after editing the media type:

    python3 crates/mim-intake/zabbix/check_media_type.py
"""

import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures"

HARNESS = """
var SENT = [];
function HttpRequest() { this.headers = []; }
HttpRequest.prototype.addHeader = function (h) { this.headers.push(h); };
HttpRequest.prototype.setProxy = function (p) {};
HttpRequest.prototype.post = function (url, body) {
    SENT.push({url: url, headers: this.headers, body: body});
    return '{}';
};
HttpRequest.prototype.getStatus = function () { return 202; };
var Zabbix = { log: function (level, message) {} };
function media(value) {
%s
}
var result = media(%s);
var out = JSON.stringify({result: result, sent: SENT});
if (typeof print === 'function') { print(out); } else { console.log(out); }
"""


def run(script, params):
    engine = shutil.which("duk") or shutil.which("node")
    if engine is None:
        sys.exit("needs duk (Debian package duktape) or node")
    with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False) as f:
        f.write(HARNESS % (script, json.dumps(json.dumps(params))))
    out = subprocess.run([engine, f.name], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    export = yaml.safe_load((HERE / "mim_media_type.yaml").read_text())
    media = export["zabbix_export"]["media_types"][0]
    assert media["type"] == "WEBHOOK"
    params = {p["name"]: p.get("value", "") for p in media["parameters"]}
    # As Zabbix would expand the macros for the C02 trigger.
    params.update({
        "event_date": "2026.02.10", "event_time": "09:15:00", "event_id": "48213",
        "event_nseverity": "4", "event_severity": "High", "event_source": "0",
        "event_tags": json.dumps([{"tag": "service", "value": "Spooler"},
                                  {"tag": "path", "value": "C:\\Windows\\Temp"}]),
        "event_update_status": "0", "event_value": "1", "host_name": "tulostus01",
        "mim_url": "https://mim.example.invalid/hooks/zabbix-prod", "system": "tulostus",
        "token": "secret-token", "trigger_id": "23001",
        "trigger_name": 'Service "Spooler" (Print Spooler) is not running',
        "zabbix_url": "https://zabbix.example.invalid/",
    })
    recovery = dict(params, event_value="0", event_recovery_date="2026.02.10",
                    event_recovery_time="10:02:30")
    # Left unexpanded where the host and Zabbix have no such macro.
    recovery.update({"system": "{$MIM.SYSTEM}", "zabbix_url": "{$ZABBIX.URL}",
                     "affected_users": "{$MIM.AFFECTED_USERS}"})
    for name, p in [("problem", params), ("recovery", recovery)]:
        got = run(media["script"], p)
        assert got["result"] == "OK", got
        [sent] = got["sent"]
        assert "Authorization: Bearer secret-token" in sent["headers"], sent["headers"]
        want = json.loads((FIXTURES / f"zabbix-media-type-{name}.json").read_text())
        assert json.loads(sent["body"]) == want, (name, sent["body"])
    skipped = run(media["script"], dict(params, event_source="3"))
    assert skipped == {"result": "OK", "sent": []}, skipped
    print("mim_media_type.yaml: script output matches the fixtures")


if __name__ == "__main__":
    main()
