#!/usr/bin/python3
"""A test SMTP server: accepts every message and writes it as MAILDIR/<n>.eml.

Usage: smtp_sink.py PORT MAILDIR [DELAY_MS]: DELAY_MS slows each acceptance down; MAILDIR "-"
accepts and forgets (benchmarks). Prints "ready" once listening; exits on SIGTERM/SIGINT.
"""
import asyncio
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, maildir, delay):
        self.maildir = maildir
        self.delay = delay
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.count += 1
            n = self.count
        if self.maildir == "-":  # benchmarks: accept and forget
            return "250 OK"
        path = os.path.join(self.maildir, "%04d.eml" % n)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, path)
        with open(os.path.join(self.maildir, "%04d.env" % n), "w") as f:
            f.write("MAIL FROM:%s\nRCPT TO:%s\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos)))
        return "250 OK"


def main():
    port = int(sys.argv[1])
    maildir = sys.argv[2]
    delay = int(sys.argv[3]) / 1000.0 if len(sys.argv) > 3 else 0
    if maildir != "-":
        os.makedirs(maildir, exist_ok=True)
    controller = Controller(Sink(maildir, delay), hostname="127.0.0.1", port=port)
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    print("ready", flush=True)
    while not done.wait(0.2):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
