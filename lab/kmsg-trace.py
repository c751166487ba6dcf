#!/usr/bin/env python3
"""lab/kmsg-trace.py - print the kernel log's TRACE: lines from now on, without timestamps.

Used by run.sh for the legacy backend (iptables-legacy's TRACE target logs through the
kernel log; nf_log_all_netns=1 lets it log from a network namespace).  Reads /dev/kmsg
from its end, so older messages are not printed; stops on SIGINT/SIGTERM.
"""
import os
import signal
import sys


def main():
    fd = os.open("/dev/kmsg", os.O_RDONLY)
    os.lseek(fd, 0, os.SEEK_END)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    out = sys.stdout
    try:
        while True:
            try:
                rec = os.read(fd, 8192)
            except BrokenPipeError:  # EPIPE: records were overwritten; go on
                continue
            text = rec.decode("utf-8", "replace")
            head, _, msg = text.partition(";")
            msg = msg.split("\n", 1)[0]  # drop the continuation (dictionary) lines
            if msg.startswith("TRACE: "):
                out.write(msg + "\n")
                out.flush()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
