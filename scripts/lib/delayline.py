#!/usr/bin/env python3
"""A delay line for one network namespace: holds every packet that iptables queues to it (-j NFQUEUE) for a
fixed time, then lets it go, in order. It stands in for `tc qdisc ... netem delay`, which needs the sch_netem
module that some kernels lack; loss needs no help (iptables -m statistic --mode random -j DROP).

It speaks nfnetlink_queue directly (no libnetfilter_queue binding is packaged for Debian's python3): bind the
queue, ask for packet metadata only, answer each packet id with NF_ACCEPT once its delay has passed. Run it
inside the namespace whose rules queue the packets: ip netns exec <ns> python3 delayline.py <queue> <ms>.
The rules should use --queue-bypass, so packets pass undelayed whenever this process is not running.
"""
import collections
import os
import select
import signal
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NLM_F_REQUEST = 1
NLMSG_ERROR, NLMSG_DONE = 2, 3
NFQA_CFG_CMD, NFQA_CFG_PARAMS, NFQA_CFG_QUEUE_MAXLEN, NFQA_CFG_MASK, NFQA_CFG_FLAGS = 1, 2, 3, 4, 5
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NFQA_CFG_F_FAIL_OPEN = 1
NFQA_PACKET_HDR = 1
NFQA_VERDICT_HDR = 2
NF_ACCEPT = 1


def attribute(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * ((4 - length % 4) % 4)


def message(kind, queue, attributes, sequence):
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + b"".join(attributes)
    header = struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | kind, NLM_F_REQUEST, sequence, 0)
    return header + body


def packet_ids(data):
    """The ids of the queued packets in one datagram of netlink messages."""
    offset = 0
    while offset + 16 <= len(data):
        length, kind, _, _, _ = struct.unpack_from("=IHHII", data, offset)
        if length < 16:
            return
        if kind == NLMSG_ERROR:
            error = struct.unpack_from("=i", data, offset + 16)[0]
            if error:
                raise OSError(-error, "nfnetlink_queue refused a request: " + os.strerror(-error))
        elif kind & 0xFF == NFQNL_MSG_PACKET and kind >> 8 == NFNL_SUBSYS_QUEUE:
            position = offset + 20
            while position + 4 <= offset + length:
                size, attribute_kind = struct.unpack_from("=HH", data, position)
                if size < 4:
                    break
                if attribute_kind & 0x7FFF == NFQA_PACKET_HDR:
                    yield struct.unpack_from("!I", data, position + 4)[0]
                position += (size + 3) & ~3
        offset += (length + 3) & ~3


def main():
    queue, delay = int(sys.argv[1]), int(sys.argv[2]) / 1000.0
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    sock.bind((0, 0))
    sequence = 1
    sock.send(message(NFQNL_MSG_CONFIG, queue, [attribute(NFQA_CFG_CMD, struct.pack("!BxH", NFQNL_CFG_CMD_BIND, 0))], sequence))
    sock.send(message(NFQNL_MSG_CONFIG, queue, [
        attribute(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META)),
        attribute(NFQA_CFG_QUEUE_MAXLEN, struct.pack("!I", 20000)),
        # A full queue lets packets through rather than dropping them: the loss the test wants is iptables'.
        attribute(NFQA_CFG_MASK, struct.pack("!I", NFQA_CFG_F_FAIL_OPEN)),
        attribute(NFQA_CFG_FLAGS, struct.pack("!I", NFQA_CFG_F_FAIL_OPEN)),
    ], sequence + 1))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("delay line on queue %d: %d ms" % (queue, delay * 1000), flush=True)
    held = collections.deque()
    while True:
        timeout = max(0.0, held[0][0] - time.monotonic()) if held else 1.0
        if select.select([sock], [], [], timeout)[0]:
            try:
                data = sock.recv(1 << 16)
            except OSError as full:  # ENOBUFS: the kernel dropped messages; their packets pass by fail-open or time out
                print("delay line: %s" % full, file=sys.stderr, flush=True)
                continue
            now = time.monotonic()
            for packet in packet_ids(data):
                held.append((now + delay, packet))
        now = time.monotonic()
        while held and held[0][0] <= now:
            _, packet = held.popleft()
            sequence += 1
            sock.send(message(NFQNL_MSG_VERDICT, queue,
                              [attribute(NFQA_VERDICT_HDR, struct.pack("!II", NF_ACCEPT, packet))], sequence))


if __name__ == "__main__":
    main()
