#!/usr/bin/env python3
"""Checks the contract's stock invariant of a sale through the API after a run: python3 check.py BASE SALE TOKEN.

Per product, stock == available + pending + confirmed (the live figures) and nothing is negative; over the
sale, the units of PENDING and CONFIRMED orders equal the units held and confirmed in stock (orders are the
truth). The order counts come from the streaming statistics job, a moment behind the live stock, so the
check waits up to 60 s for them to agree. Prints OK or what is broken and exits 1: a benchmark that oversold
is a failure, not a figure.
"""
import json
import sys
import time
import urllib.request

base, sale_id, token = sys.argv[1], sys.argv[2], sys.argv[3]


def check():
    request = urllib.request.Request(f"{base}/api/admin/sales/{sale_id}/stats",
                                     headers={"Authorization": f"Bearer {token}"})
    stats = json.load(urllib.request.urlopen(request, timeout=120))
    broken = []
    held = 0
    for p in stats["products"]:
        parts = (p["available"], p["pending"], p["confirmed"])
        if min(parts) < 0 or p["stock"] != sum(parts):
            broken.append(p)
        held += p["pending"] + p["confirmed"]
    units = stats.get("unitsByStatus", {})
    ordered = units.get("PENDING", 0) + units.get("CONFIRMED", 0)
    return broken, ordered, held, len(stats["products"])


deadline = time.time() + 60
while True:
    broken, ordered, held, products = check()
    if broken or ordered == held or time.time() > deadline:
        break
    time.sleep(1)
if broken or ordered != held:
    print(f"BROKEN {sale_id}: {len(broken)} product(s) off, order units {ordered} vs stock units {held}: {broken[:3]}")
    sys.exit(1)
print(f"OK {sale_id}: {products} product(s), {ordered} unit(s) ordered and held")
