#!/usr/bin/env python3
"""Writes the benchmark's sale definitions as JSON: python3 sales.py NAME > body.json.

warmup: 1,000 products with plenty of stock, where the member's JIT warms up before anything is measured;

spread: 10,000 products with stock for every request of a run (nothing sells out while measuring);
hot:    one product with practically unlimited stock, so every request takes the hot partition's path;
burst:  one product of BURST_STOCK units: everyone at once until it is sold out.
Those have payment windows of 0 (orders are CONFIRMED as placed) and a high per-user limit, so what is
measured is the placement path, not limit rejections. Real drops are not like that:

drop:         one product of DROP_STOCK units (50,000), perUserLimit 1, the contract's default payment window
              (300 s): every sold unit stays PENDING in the ledger while the crowd goes on;
drop-instant: the same drop with instant confirmation (window 0), the rate the drop is compared with;
drop-wave:    the same drop with a 20 s payment window, whose unpaid orders fall due while scripts/expiry-wave.sh
              measures other shoppers' latency;
spread-window: the spread's 10,000 products with a drop's rules (perUserLimit 1, 300 s payment window), for
              scripts/cpu-share.sh and scripts/gc-compare.sh (CPU_SHARE_SALE, GC_SALE);
aot-held:     50 products, limit 1, 300 s window, and aot-instant, the same with instant confirmation: the sales
              scripts/train-aot.sh trains the AOT cache on (scripts/lib/aot_training.py orders p0..p49);
restart:      100 products of 20,000 units, limit 1, a one-hour window: the sale scripts/restart-check.sh
              fills with orders in PostgreSQL before it restarts the member on them;
deep:         products with practically unlimited stock, limit 1, 300 s window: "deep" is first filled with
              50,000 PENDING orders, then measured; "fresh1".."freshN" (N = DEEP_ROUNDS, 3) are measured from
              empty, the same way, one per pair.
"""
import json
import os
import sys
from datetime import datetime, timedelta, timezone

now = datetime.now(timezone.utc)
window = {"startsAt": (now - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
          "endsAt": (now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")}
prefix = os.environ.get("BENCH_PREFIX", "bench")
drop_stock = int(os.environ.get("DROP_STOCK", "50000"))


def product(pid, stock):
    return {"productId": pid, "name": "Product " + pid, "price": "19.99", "currency": "EUR", "stock": stock}


def sale(name, products, limit=1_000_000, payment_window=0):
    return {"saleId": f"{prefix}-{name}", "name": f"Benchmark {name}", **window,
            "perUserLimit": limit, "paymentWindowSeconds": payment_window, "products": products}


kind = sys.argv[1]
if kind == "warmup":
    body = sale("warmup", [product(f"p{i}", 1_000_000) for i in range(1_000)])
elif kind == "spread":
    body = sale("spread", [product(f"p{i}", 1_000_000) for i in range(10_000)])
elif kind == "spread-window":
    body = sale("spread-window", [product(f"p{i}", 1_000_000) for i in range(10_000)], 1, 300)
elif kind == "hot":
    body = sale("hot", [product("hot", 1_000_000_000)])
elif kind == "burst":
    body = sale("burst", [product("drop", int(os.environ.get("BURST_STOCK", "20000")))])
elif kind == "drop":
    body = sale("drop", [product("drop", drop_stock)], 1, 300)
elif kind == "drop-instant":
    body = sale("drop-instant", [product("drop", drop_stock)], 1, 0)
elif kind == "drop-wave":
    body = sale("drop-wave", [product("drop", drop_stock)], 1, 20)
elif kind in ("aot-held", "aot-instant"):
    body = sale(kind, [product(f"p{i}", 1_000_000) for i in range(50)], 1, 300 if kind == "aot-held" else 0)
elif kind == "restart":
    body = sale("restart", [product(f"p{i}", 20_000) for i in range(100)], 1, 3600)
elif kind == "deep":
    fresh = [product(f"fresh{n}", 1_000_000_000) for n in range(1, int(os.environ.get("DEEP_ROUNDS", "3")) + 1)]
    body = sale("deep", [product("deep", 1_000_000_000)] + fresh, 1, 300)
else:
    sys.exit(f"unknown sale {kind}")
json.dump(body, sys.stdout)
