#!/usr/bin/env python3
"""Groups a member's per-thread CPU samples (JFR jdk.ThreadCPULoad, as JSON) taken in [from, to] (epoch s) and
prints each group's share of the member's CPU: python3 cpu_share.py cpu.json FROM TO [samples.json].

Write-behind runs on Hazelcast's unnamed pooled threads, so no thread name tells it apart. With the optional
execution samples (JFR jdk.ExecutionSample, as JSON), the share of samples in the window whose stack passes
through the map stores (com.flashsale.mapstore) estimates it."""
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
    background = sum(cpu for label, cpu in load.items() if label.startswith("background"))
    print(f"BACKGROUND {100 * background / total:.1f} % (target <= 10 %)")
    print("busiest threads:")
    for name, cpu in sorted(names.items(), key=lambda item: -item[1])[:12]:
        print(f"  {100 * cpu / total:5.1f} %  {name}")
    if len(sys.argv) > 4:
        samples = [e for e in json.load(open(sys.argv[4]))["recording"]["events"]
                   if start <= epoch(e["values"]["startTime"]) <= end]
        stores = sum(1 for e in samples if any("flashsale/mapstore" in frame["method"]["type"]["name"].replace(".", "/")
                                                for frame in e["values"]["stackTrace"]["frames"]))
        if samples:
            print(f"WRITE-BEHIND {100 * stores / len(samples):.1f} % of {len(samples)} execution samples"
                  " pass through the map stores")


main()
