#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for mim-channels' tests, on aiosmtpd (PyPI).

Every accepted message is written to DIR as N.eml (the raw bytes as received) and N.json
(what Python's own e-mail parser reads from them: the decoded subject, the parts, the
attachments), so the tests check the message with an independent parser.

Recipients choose the answer: full@… gets 552 (mailbox full), nobody@… 550 (no such user),
later@… 451 (try again later); any other is accepted. The first message to stall@… is written
and then never answered (the sender is killed while it waits: the recipient has the message
but the sender never learnt so); later ones are answered as usual. Modes: plain, starttls (STARTTLS
required, AUTH offered after it: mim / secret) and tls (implicit TLS from the first byte).
With --size-limit N, a message of more than N bytes is refused at the end of its DATA with
aiosmtpd's "552 Error: Too much mail data" (and not written), as a relay with a message
size limit does. Prints "READY <port>" on stdout once it accepts connections.
"""

import argparse
import asyncio
import email
import json
import os
import socket
import ssl
import sys
import threading
from email import policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0
        self.stalled = False
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local == "full":
            return "552 5.2.2 Mailbox full"
        if local == "nobody":
            return "550 5.1.1 No such user"
        if local == "later":
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        parsed = email.message_from_bytes(raw, policy=policy.default)
        parts = []
        for part in parsed.walk():
            if part.is_multipart():
                parts.append({"content_type": part.get_content_type(), "multipart": True})
                continue
            payload = part.get_payload(decode=True) or b""
            entry = {
                "content_type": part.get_content_type(),
                "filename": part.get_filename(),
                "size": len(payload),
                "disposition": part.get_content_disposition(),
            }
            if part.get_content_maintype() == "text" and part.get_filename() is None:
                # As the text was written: SMTP's CRLF line ends back to LF.
                entry["text"] = part.get_content().replace("\r\n", "\n")
            parts.append(entry)
        summary = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            # STARTTLS sets session.ssl; implicit TLS shows on the transport.
            "tls": session.ssl is not None
            or server.transport.get_extra_info("ssl_object") is not None,
            "auth": session.auth_data if isinstance(session.auth_data, str) else None,
            # The client's port: which connection carried the message.
            "peer_port": session.peer[1] if session.peer else None,
            "subject": str(parsed["subject"]),
            "message_id": str(parsed["message-id"]),
            "possible_duplicate": parsed.get("x-mim-possible-duplicate"),
            "content_type": parsed.get_content_type(),
            "parts": parts,
        }
        with open(os.path.join(self.outdir, f"{n}.eml"), "wb") as f:
            f.write(raw)
        # Written before the 250 goes out, so a test reads it right after its send returns.
        tmp = os.path.join(self.outdir, f"{n}.json.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False)
        os.replace(tmp, os.path.join(self.outdir, f"{n}.json"))
        stall = any(a.split("@")[0].lower() == "stall" for a in envelope.rcpt_tos)
        with self.lock:
            first_stall = stall and not self.stalled
            self.stalled = self.stalled or stall
        if first_stall:
            await asyncio.sleep(3600)
        return f"250 2.0.0 Queued as mim-test-{n}"


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login == b"mim" \
            and auth_data.password == b"secret":
        return AuthResult(success=True, auth_data="mim")
    return AuthResult(success=False, handled=False)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    p.add_argument("--dir", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--size-limit", type=int)
    args = p.parse_args()

    kwargs = {}
    if args.size_limit is not None:
        kwargs["data_size_limit"] = args.size_limit
    if args.mode != "plain":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)
        if args.mode == "starttls":
            kwargs.update(tls_context=ctx, require_starttls=True,
                          authenticator=authenticator, auth_require_tls=True)
        else:
            kwargs.update(ssl_context=ctx, authenticator=authenticator,
                          auth_require_tls=False)
    controller = Controller(Handler(args.dir), hostname="127.0.0.1", port=free_port(),
                            ready_timeout=10, **kwargs)
    controller.start()
    print(f"READY {controller.port}", flush=True)
    # Runs until the test kills it (or closes our stdin).
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
