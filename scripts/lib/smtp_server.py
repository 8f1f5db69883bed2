#!/usr/bin/python3
"""A throwaway SMTP server for the mail tests (Debian python3-aiosmtpd).

usage: smtp_server.py PORT MAILDIR

Listens on 127.0.0.1:PORT and saves every message it accepts, as received, to MAILDIR/N.eml with
its envelope beside it in MAILDIR/N.json ({"mail_from": ..., "rcpt_tos": [...]}); both appear
atomically (written to a temporary name, then renamed; the .json first). Recipients whose local
part is reject-permanent get 550, reject-temporary get 451. AUTH PLAIN and LOGIN are offered
over plain text (loopback only) and not required; the one account is crest / crest-test-password.
Runs until SIGTERM or SIGINT.
"""
import itertools
import json
import os
import signal
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = b"crest", b"crest-test-password"


def write_atomically(path, data):
    temporary = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(temporary, "wb") as out:
        out.write(data)
    os.rename(temporary, path)


class SavingHandler:
    def __init__(self, maildir):
        self.maildir = maildir
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local == "reject-permanent":
            return "550 5.1.1 Mailbox does not exist"
        if local == "reject-temporary":
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = next(self.counter)
        base = os.path.join(self.maildir, f"{os.getpid()}-{number:06d}")
        envelope_json = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                         "auth": bool(session.authenticated)}
        write_atomically(base + ".json", json.dumps(envelope_json).encode())
        write_atomically(base + ".eml", envelope.original_content)
        return "250 Message accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


def main():
    warnings.simplefilter("ignore", DeprecationWarning)  # aiosmtpd 1.4 warns about its own login_data
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    port, maildir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(maildir, exist_ok=True)
    controller = Controller(SavingHandler(maildir), hostname="127.0.0.1", port=port,
                            authenticator=authenticator, auth_require_tls=False)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"smtp test server on 127.0.0.1:{port}, saving to {maildir}", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
