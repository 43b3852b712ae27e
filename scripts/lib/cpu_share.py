#!/usr/bin/env python3
"""Groups a member's per-thread CPU samples (JFR jdk.ThreadCPULoad, as JSON) taken in [from, to] (epoch s) and
prints each group's share of the member's CPU: python3 cpu_share.py cpu.json FROM TO [samples.json].

Some background work runs on threads named for something else: write-behind on Hazelcast's unnamed pooled
threads, the statistics ticker's scan of the ledgers on partition or query threads, reconciliation's reads of the
ledgers on partition threads. With the optional execution
samples (JFR jdk.ExecutionSample, as JSON), the share of samples in the window whose stack passes through that
work's code estimates it (HIDDEN below), and the total background adds it to the named threads' share."""
import json
import re
import sys
from collections import defaultdict
from datetime import datetime

# Thread name patterns, first match wins. Background: what runs whether or not anyone is buying.
GROUPS = [
    ("background: Jet (statistics, reconciliation)", r"jet|\.jet\.|cooperative|blocking-thread"),
    ("background: hold sweeper", r"hold-sweeper"),
    ("background: room keeper", r"room-keeper"),
    ("background: reconciler driver", r"reconcil"),
    ("background: write-behind and loads (map store)", r"map-?store|write-behind|MapStore|HikariPool"),
    ("grid: partition threads (placements)", r"partition-operation"),
    ("grid: other Hazelcast threads", r"^hz\."),
    ("edge: HTTP (Jetty, virtual threads' carriers)", r"qtp|Jetty|ForkJoinPool|VirtualThread|carrier|JavalinServlet"),
    ("JVM: GC and compiler", r"GC|G1|ZGC|Compiler|C1|C2"),
]


def group(name):
    for label, pattern in GROUPS:
        if re.search(pattern, name):
            return label
    return "other"


def epoch(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def main():
    events = json.load(open(sys.argv[1]))["recording"]["events"]
    start, end = float(sys.argv[2]), float(sys.argv[3])
    load = defaultdict(float)
    names = defaultdict(float)
    for event in events:
        values = event["values"]
        if not start <= epoch(values["startTime"]) <= end:
            continue
        thread = values.get("eventThread") or {}
        name = thread.get("javaName") or thread.get("osName") or "?"
        cpu = values["user"] + values["system"]
        load[group(name)] += cpu
        names[name] += cpu
    total = sum(load.values())
    if total == 0:
        print("no CPU samples in the window")
        return
    print(f"CPU share of the member's threads, {end - start:.0f} s of the spread run:")
    for label, cpu in sorted(load.items(), key=lambda item: -item[1]):
        print(f"  {100 * cpu / total:5.1f} %  {label}")
    background = 100 * sum(cpu for label, cpu in load.items() if label.startswith("background")) / total
    print(f"BACKGROUND, named threads {background:.1f} %")
    print("busiest threads:")
    for name, cpu in sorted(names.items(), key=lambda item: -item[1])[:12]:
        print(f"  {100 * cpu / total:5.1f} %  {name}")
    if len(sys.argv) > 4:
        samples = [e for e in json.load(open(sys.argv[4]))["recording"]["events"]
                   if start <= epoch(e["values"]["startTime"]) <= end]
        if samples:
            hidden = 0.0
            for label, pattern in HIDDEN:
                share = 100 * sum(1 for e in samples if passes(e, pattern)) / len(samples)
                hidden += share
                print(f"  {share:5.1f} %  {label} (share of {len(samples)} execution samples)")
            print(f"BACKGROUND IN ALL {background + hidden:.1f} % (target <= 10 %)")


# Background work that runs on threads named for something else; found in the execution samples by a frame of
# its stack, counted only on threads not already counted as background by name.
HIDDEN = [
    ("write-behind (stacks through the map stores, on Hazelcast's pooled threads)", r"flashsale/mapstore"),
    # InSales also selects a large sale's ledgers for a shopper's sale view; the spread run reads no sale view.
    ("statistics ticker's scan of the ledgers (on partition or query threads)", r"SumSaleTotals|InSales"),
    # An incremental run every minute: it may or may not fall in the window.
    ("reconciliation's reads of the ledgers and orders (on partition threads)",
     r"ReconciliationPipeline|MapFetchWithQueryOperation"),
]


def passes(sample, pattern):
    thread = sample["values"]["sampledThread"]
    name = thread.get("javaName") or thread.get("osName") or "?"
    if group(name).startswith("background"):
        return False
    return any(re.search(pattern, frame["method"]["type"]["name"].replace(".", "/"))
               for frame in sample["values"]["stackTrace"]["frames"])


main()
