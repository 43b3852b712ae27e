#!/usr/bin/env python3
"""The workload of scripts/train-aot.sh: python3 aot_training.py BASE_URL ADMIN_TOKEN SECONDS HELD_SALE INSTANT_SALE.

Drives one member through every call a sale day makes, so that the classes they load and the profiles of the
methods they run go into the member's ahead-of-time cache, on two sales of scripts/bench/sales.py (aot-held: limit 1,
300 s window; aot-instant: limit 1, instant confirmation; products p0..p49): shoppers read them, place orders (a few
with an Idempotency-Key, some refused: over the limit, an unknown product, bad input), pay, fail a payment, cancel,
read an order and list their orders; dashboards read the statistics, the cluster, the jobs, the metrics and the
health. Several threads, each on its own keep-alive connection, for SECONDS. Prints what it did; exits 1 when the
member answered no order at all (then the cache would hold no placement either).
"""
import http.client
import json
import sys
import threading
import time
from urllib.parse import urlparse

base, token, seconds, sales = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:6]
url = urlparse(base)
PRODUCTS = 50
THREADS = 8
ADMIN = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
JSON = {"Content-Type": "application/json"}


def connect():
    return http.client.HTTPConnection(url.hostname, url.port, timeout=10)


def call(conn, method, path, body=None, headers=None):
    conn.request(method, path, None if body is None else json.dumps(body), headers or {})
    answer = conn.getresponse()
    data = answer.read()
    return answer.status, (json.loads(data) if data and answer.getheader("Content-Type", "").startswith("application/json") else None)


counts = {}
lock = threading.Lock()


def count(what):
    with lock:
        counts[what] = counts.get(what, 0) + 1


def shopper(number, sale_ids, until):
    conn = connect()
    n = 0
    while time.monotonic() < until:
        n += 1
        user = f"t{number}-{n}"
        sale = sale_ids[n % len(sale_ids)]
        order = {"userId": user, "productId": f"p{n % PRODUCTS}", "quantity": 1}
        headers = dict(JSON, **({"Idempotency-Key": f"k-{user}"} if n % 10 == 0 else {}))
        status, placed = call(conn, "POST", f"/api/sales/{sale}/orders", order, headers)
        count(f"place {status}")
        if status != 201:
            continue
        order_id = placed["orderId"]
        if n % 10 == 0:
            count(f"replay {call(conn, 'POST', f'/api/sales/{sale}/orders', order, headers)[0]}")
        count(f"over the limit {call(conn, 'POST', f'/api/sales/{sale}/orders', order, JSON)[0]}")
        if placed["status"] == "PENDING":
            outcome = (n // 2) % 4
            if outcome == 0:
                count(f"cancel {call(conn, 'POST', f'/api/orders/{order_id}/cancel')[0]}")
            elif outcome == 1:
                count(f"payment failed {call(conn, 'POST', f'/api/orders/{order_id}/payment', {'outcome': 'FAILED', 'paymentRef': 'f-' + user}, JSON)[0]}")
            elif outcome == 2:
                count(f"paid {call(conn, 'POST', f'/api/orders/{order_id}/payment', {'outcome': 'SUCCEEDED', 'paymentRef': 'p-' + user}, JSON)[0]}")
        if n % 3 == 0:
            count(f"read order {call(conn, 'GET', f'/api/orders/{order_id}')[0]}")
            count(f"read product {call(conn, 'GET', f'/api/sales/{sale}/products/p{n % PRODUCTS}')[0]}")
        if n % 20 == 0:
            count(f"list orders {call(conn, 'GET', f'/api/users/{user}/orders')[0]}")
            count(f"read sale {call(conn, 'GET', f'/api/sales/{sale}')[0]}")
            count(f"list sales {call(conn, 'GET', '/api/sales?status=ACTIVE')[0]}")
            count(f"unknown product {call(conn, 'POST', f'/api/sales/{sale}/orders', dict(order, productId='none'), JSON)[0]}")
            count(f"bad input {call(conn, 'POST', f'/api/sales/{sale}/orders', {'userId': user}, JSON)[0]}")
            count(f"unknown order {call(conn, 'GET', '/api/orders/1-1')[0]}")
    conn.close()


def dashboard(sale_ids, until):
    conn = connect()
    while time.monotonic() < until:
        for sale in sale_ids:
            count(f"statistics {call(conn, 'GET', f'/api/admin/sales/{sale}/stats', headers=ADMIN)[0]}")
        count(f"cluster {call(conn, 'GET', '/api/admin/cluster', headers=ADMIN)[0]}")
        count(f"jobs {call(conn, 'GET', '/api/admin/jobs', headers=ADMIN)[0]}")
        count(f"metrics {call(conn, 'GET', '/metrics')[0]}")
        count(f"ready {call(conn, 'GET', '/health/ready')[0]}")
        time.sleep(0.5)
    conn.close()


until = time.monotonic() + seconds
threads = [threading.Thread(target=shopper, args=(i, sales, until)) for i in range(THREADS)]
threads.append(threading.Thread(target=dashboard, args=(sales, until)))
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("training calls: " + ", ".join(f"{what} x{n}" for what, n in sorted(counts.items())))
if counts.get("place 201", 0) == 0:
    sys.exit("the member placed no order during the training")
