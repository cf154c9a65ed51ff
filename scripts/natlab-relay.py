#!/usr/bin/env python3
"""Delay/loss relay for one NAT-lab WAN link (the kernel here has no netem, docs/natlab.md).

Opens TAP --tap1 inside namespace --ns1 and TAP --tap2 inside --ns2 (setns(2), then TUNSETIFF;
a TAP fd stays bound to its device after the process changes namespace) and copies Ethernet
frames both ways: each frame is dropped with probability --loss %, else released after
--delay ms +- uniform --jitter ms, never before the previous frame of the same direction (FIFO).
Writes --pidfile once both TAPs are open (the lab's readiness signal). Stdlib only.
"""
import argparse
import ctypes
import fcntl
import heapq
import os
import random
import select
import struct
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000

libc = ctypes.CDLL(None, use_errno=True)


def enter(ns):
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns " + ns)
    finally:
        os.close(fd)


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ns1", required=True)
    p.add_argument("--tap1", required=True)
    p.add_argument("--ns2", required=True)
    p.add_argument("--tap2", required=True)
    p.add_argument("--delay", type=float, default=0.0, help="one-way delay, ms")
    p.add_argument("--jitter", type=float, default=0.0, help="+- uniform jitter, ms")
    p.add_argument("--loss", type=float, default=0.0, help="loss per frame and direction, %%")
    p.add_argument("--seed", default="natlab")
    p.add_argument("--pidfile", required=True)
    a = p.parse_args()

    enter(a.ns1)
    fd1 = open_tap(a.tap1)
    enter(a.ns2)
    fd2 = open_tap(a.tap2)
    with open(a.pidfile + ".tmp", "w") as f:
        f.write(str(os.getpid()))
    os.rename(a.pidfile + ".tmp", a.pidfile)

    rng = random.Random(a.seed)
    other = {fd1: fd2, fd2: fd1}
    last_release = {fd1: 0.0, fd2: 0.0}
    queue = []  # (release time, sequence, destination fd, frame)
    seq = 0
    poller = select.epoll()
    poller.register(fd1, select.EPOLLIN)
    poller.register(fd2, select.EPOLLIN)
    while True:
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, dst, frame = heapq.heappop(queue)
            try:
                os.write(dst, frame)
            except OSError:
                pass  # the device went down: the lab is being torn down
        timeout = max(0.0, queue[0][0] - now) if queue else -1
        for fd, _ in poller.poll(timeout):
            while True:
                try:
                    frame = os.read(fd, 65536)
                except BlockingIOError:
                    break
                if a.loss > 0 and rng.random() * 100 < a.loss:
                    continue
                hold = (a.delay + (rng.uniform(-a.jitter, a.jitter) if a.jitter else 0)) / 1000.0
                release = max(time.monotonic() + max(0.0, hold), last_release[fd])
                last_release[fd] = release
                seq += 1
                heapq.heappush(queue, (release, seq, other[fd], frame))


if __name__ == "__main__":
    main()
