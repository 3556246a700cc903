#!/usr/bin/python3
"""A test SMTP server: accepts every message and writes it as MAILDIR/<n>.eml.

Usage: smtp_sink.py PORT MAILDIR. Prints "ready" once listening; exits on SIGTERM/SIGINT.
"""
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, maildir):
        self.maildir = maildir
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
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
    os.makedirs(maildir, exist_ok=True)
    controller = Controller(Sink(maildir), hostname="127.0.0.1", port=port)
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
