#!/usr/bin/env python3
# A delayed Ethernet wire: two TAP devices whose frames are handed to each other after a fixed
# delay, for a lab link with a long round trip where the kernel has no netem. The test moves each
# TAP into its namespace after "ready". Runs until stdin closes (its parent went away) or SIGTERM;
# the TAP devices disappear with it. Usage: delay-wire.py TAP_A TAP_B DELAY_MS
import fcntl
import heapq
import os
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000


def open_tap(name):
    fd = os.open('/dev/net/tun', os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack('16sH', name.encode(), IFF_TAP | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd


def main():
    name_a, name_b, delay_ms = sys.argv[1], sys.argv[2], float(sys.argv[3])
    delay = delay_ms / 1000.0
    fd_a, fd_b = open_tap(name_a), open_tap(name_b)
    peer = {fd_a: fd_b, fd_b: fd_a}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print('ready', flush=True)
    queue = []
    seq = 0
    stdin = sys.stdin.fileno()
    while True:
        timeout = max(0.0, queue[0][0] - time.monotonic()) if queue else None
        readable, _, _ = select.select([fd_a, fd_b, stdin], [], [], timeout)
        for fd in readable:
            if fd == stdin:
                if not os.read(stdin, 4096):
                    return
                continue
            while True:
                try:
                    frame = os.read(fd, 65536)
                except (BlockingIOError, OSError):
                    break
                heapq.heappush(queue, (time.monotonic() + delay, seq, peer[fd], frame))
                seq += 1
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out, frame = heapq.heappop(queue)
            try:
                os.write(out, frame)
            except OSError:
                pass  # the link is down (namespace being removed): drop the frame


if __name__ == '__main__':
    main()
