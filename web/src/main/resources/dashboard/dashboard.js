// The live dashboard: picks a sale, reads its statistics stream and draws it. The stream is read with fetch
// rather than EventSource so that the operator token travels in the Authorization header, never in a URL.
(function () {
  "use strict";

  const TOKEN_KEY = "flashsale.adminToken";
  const COLORS = { PENDING: "#f2a93b", CONFIRMED: "#2e9e6b", CANCELLED: "#a3adbb" };
  const REJECTION_COLORS = ["#d9534f", "#b5403c", "#e57f6e", "#8f2f2c", "#f0a08f", "#c9302c"];
  const $ = (selector) => document.querySelector(selector);
  const figure = (name) => document.querySelector('[data-figure="' + name + '"]');
  const number = new Intl.NumberFormat(undefined);
  const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

  let stream = null;
  let chart = null;

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function showGate(message) {
    stopStream();
    $("#board").hidden = true;
    $("#token-gate").hidden = false;
    $("#sign-out").hidden = true;
    $("#token-error").hidden = !message;
    $("#token-error").textContent = message || "";
    connection("idle", "not connected");
    $("#token-input").focus();
  }

  function connection(state, text) {
    $("#connection").dataset.state = state;
    $("#connection-text").textContent = text;
  }

  async function loadSales() {
    const response = await fetch("/api/sales", { cache: "no-store" });
    const sales = response.ok ? await response.json() : [];
    const picker = $("#sale-picker");
    const wanted = new URLSearchParams(location.search).get("sale") || picker.value;
    picker.replaceChildren(...sales.map((sale) => {
      const option = document.createElement("option");
      option.value = sale.saleId;
      option.textContent = sale.name + " (" + sale.status.toLowerCase() + ")";
      return option;
    }));
    if (sales.some((sale) => sale.saleId === wanted)) {
      picker.value = wanted;
    } else if (sales.length) {
      const active = sales.find((sale) => sale.status === "ACTIVE");
      picker.value = (active || sales[0]).saleId;
    }
    return sales.length > 0;
  }

  function stopStream() {
    if (stream) {
      stream.abort();
      stream = null;
    }
  }

  /** Reads the stream until it ends or is aborted, then tries again with a growing pause. */
  async function watch(saleId) {
    stopStream();
    const controller = new AbortController();
    stream = controller;
    const url = new URL(location.href);
    url.searchParams.set("sale", saleId);
    history.replaceState(null, "", url);
    let pause = 1000;
    while (!controller.signal.aborted) {
      try {
        connection("retrying", "connecting…");
        const response = await fetch("/api/admin/sales/" + encodeURIComponent(saleId) + "/stats/stream", {
          headers: { Authorization: "Bearer " + token(), Accept: "text/event-stream" },
          cache: "no-store",
          signal: controller.signal,
        });
        if (response.status === 401) {
          sessionStorage.removeItem(TOKEN_KEY);
          showGate("The server refused that token.");
          return;
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        connection("live", "live");
        pause = 1000;
        await readEvents(response.body, controller.signal);
      } catch (failure) {
        if (controller.signal.aborted) {
          return;
        }
        connection("retrying", "reconnecting…");
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 10000);
    }
  }

  async function readEvents(body, signal) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value.replace(/\r\n/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).replace(/^ /, "")).join("\n");
        if (data) {
          render(JSON.parse(data));
        }
      }
    }
  }

  function setFigure(name, text) {
    const element = figure(name);
    if (element.textContent !== text) {
      element.textContent = text;
      const card = element.classList.contains("value") ? element : null;
      if (card) {
        card.classList.add("changed");
        setTimeout(() => card.classList.remove("changed"), 600);
      }
    }
  }

  function render(stats) {
    $("#token-gate").hidden = true;
    $("#board").hidden = false;
    $("#sign-out").hidden = false;
    $("#sale-name").textContent = stats.name;
    const status = $("#sale-status");
    status.textContent = stats.status;
    status.className = "pill " + stats.status;
    $("#updated-at").textContent = "updated " + new Date(stats.generatedAt).toLocaleTimeString();

    const orders = stats.ordersByStatus;
    const units = stats.unitsByStatus;
    const totalOrders = orders.PENDING + orders.CONFIRMED + orders.CANCELLED;
    const rejected = Object.values(stats.rejections).reduce((sum, count) => sum + count, 0);
    setFigure("rate-10s", decimal.format(stats.ordersPerSecond.last10s));
    setFigure("rate-60s", decimal.format(stats.ordersPerSecond.last60s));
    setFigure("orders-total", number.format(totalOrders));
    setFigure("units-total", number.format(units.PENDING + units.CONFIRMED + units.CANCELLED));
    setFigure("revenue", revenueText(stats.revenue));
    setFigure("confirmed", number.format(orders.CONFIRMED));
    setFigure("pending", number.format(orders.PENDING));
    setFigure("cancelled", number.format(orders.CANCELLED));
    setFigure("rejected", number.format(rejected));
    setFigure("rejections-rate", decimal.format(stats.rejectionsPerSecond.last10s));

    drawChart(stats.perSecond);
    drawOutcomes(orders, stats.rejections);
    drawProducts(stats.products);
    drawCluster(stats.cluster);
  }

  function revenueText(revenue) {
    const currencies = Object.keys(revenue);
    if (!currencies.length) {
      return "0";
    }
    return currencies.map((currency) => new Intl.NumberFormat(undefined, { style: "currency", currency })
      .format(Number(revenue[currency]))).join(" + ");
  }

  function drawChart(points) {
    const data = [
      points.map((point) => point.second),
      points.map((point) => point.orders),
      points.map((point) => point.rejections),
    ];
    const container = $("#rate-chart");
    const width = Math.max(container.clientWidth, 300);
    if (!chart) {
      chart = new uPlot({
        width, height: 240,
        scales: { x: { time: true } },
        legend: { live: false },
        series: [
          {},
          { label: "orders / s", stroke: "#2f6fd6", width: 2, fill: "rgba(47, 111, 214, 0.12)" },
          { label: "rejections / s", stroke: "#d9534f", width: 2 },
        ],
        axes: [{ stroke: "#6b7687" }, { stroke: "#6b7687", grid: { stroke: "#eef1f6" } }],
      }, data, container);
      window.addEventListener("resize", () => chart.setSize({ width: Math.max(container.clientWidth, 300), height: 240 }));
    } else {
      chart.setData(data);
    }
  }

  function drawOutcomes(orders, rejections) {
    const parts = Object.keys(COLORS).map((status) => ({ label: status.toLowerCase(), count: orders[status], color: COLORS[status] }));
    Object.keys(rejections).sort().forEach((code, index) => parts.push({
      label: code.replace(/_/g, " ").toLowerCase(), count: rejections[code], color: REJECTION_COLORS[index % REJECTION_COLORS.length],
    }));
    const total = parts.reduce((sum, part) => sum + part.count, 0) || 1;
    $("#outcome-bar").replaceChildren(...parts.filter((part) => part.count > 0).map((part) => {
      const span = document.createElement("span");
      span.style.width = (100 * part.count / total) + "%";
      span.style.background = part.color;
      span.title = part.label + ": " + part.count;
      return span;
    }));
    $("#outcome-legend").replaceChildren(...parts.map((part) => {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = part.color;
      const label = document.createElement("span");
      label.textContent = part.label;
      const count = document.createElement("span");
      count.className = "count";
      count.textContent = number.format(part.count) + "  ·  " + Math.round(100 * part.count / total) + "%";
      item.append(swatch, label, count);
      return item;
    }));
  }

  function drawProducts(products) {
    // The waiting room's columns show only for a sale that has one.
    $("#products").closest("table").classList.toggle("with-room", products.some((product) => product.waitingRoom));
    $("#products").replaceChildren(...products.map((product) => {
      const row = document.createElement("tr");
      row.className = product.soldOut ? "sold-out" : "";
      const bar = document.createElement("div");
      bar.className = "stock-bar";
      bar.title = product.confirmed + " sold, " + product.pending + " pending, " + product.available + " available";
      for (const [kind, units] of [["confirmed", product.confirmed], ["pending", product.pending]]) {
        const span = document.createElement("span");
        span.className = kind;
        span.style.width = (product.stock ? 100 * units / product.stock : 0) + "%";
        bar.append(span);
      }
      const soldOutAt = product.soldOutAt ? new Date(product.soldOutAt).toLocaleTimeString() : "–";
      const room = product.waitingRoom || { queueLength: 0, admissionsPerSecond: 0, expired: 0, soldOut: 0 };
      row.append(cell(product.name), cell(product.price + " " + product.currency, "num"), cell(bar),
        cell(number.format(product.available), "num"), cell(number.format(product.pending), "num"),
        cell(number.format(product.confirmed), "num"), roomCell(room.queueLength, "queue"),
        roomCell(room.admissionsPerSecond, "admitted-per-second"), roomCell(room.expired, "tickets-expired"),
        roomCell(room.soldOut, "tickets-sold-out"), cell(soldOutAt));
      row.dataset.product = product.productId;
      return row;
    }));
  }

  function roomCell(value, figure) {
    const td = cell(number.format(value), "num room-col");
    td.dataset.figure = figure;
    return td;
  }

  function cell(content, className) {
    const td = document.createElement("td");
    if (className) {
      td.className = className;
    }
    if (typeof content === "string") {
      td.textContent = content;
    } else {
      td.append(content);
    }
    return td;
  }

  function drawCluster(cluster) {
    if (!cluster) {
      return;
    }
    $("#cluster-name").textContent = cluster.clusterName;
    $("#members").replaceChildren(...cluster.members.map((member) => {
      const item = document.createElement("li");
      const dot = document.createElement("span");
      dot.className = "dot";
      const address = document.createElement("span");
      address.textContent = member.address;
      item.append(dot, address);
      if (member.local) {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = "serving this page";
        item.append(badge);
      }
      return item;
    }));
    $("#cluster-safe").textContent = cluster.members.length + " member(s) · "
      + (cluster.clusterSafe ? "all partitions backed up" : "migrating: partitions not yet safe");
  }

  async function start() {
    if (!token()) {
      showGate();
      return;
    }
    const any = await loadSales();
    $("#no-sales").hidden = any;
    if (any) {
      watch($("#sale-picker").value);
    } else {
      $("#token-gate").hidden = true;
      setTimeout(start, 3000);
    }
  }

  $("#token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("#token-input").value.trim());
    $("#token-input").value = "";
    $("#token-gate").hidden = true;
    start();
  });
  $("#sale-picker").addEventListener("change", () => watch($("#sale-picker").value));
  $("#sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showGate();
  });
  // New sales show up in the picker without a reload.
  setInterval(() => { if (token()) { loadSales(); } }, 15000);
  start();
})();
