// The shopper's page: one sale's products with live availability, and one purchase at a time through the
// waiting room (when the sale has one), the order and a simulated payment. Everything comes from the shopper API
// of this origin. With JWTs on, the embedding site hands the shopper's token in the address's fragment
// (#token=…), which browsers never send to a server; the page moves it to sessionStorage and off the address.
(function () {
  "use strict";

  const SALE_POLL_MS = 1500;
  const HIDDEN_POLL_MS = 6000;
  const TICKET_POLL_MS = 1000;
  const MAX_TICKET_POLL_MS = 10000;
  const SALE_POLL_WHILE_BUYING_MS = 5000;
  const MAX_QUANTITY_CHOICES = 10;
  const USER_KEY = "flashsale.shop.user";
  const TOKEN_KEY = "flashsale.shop.token";
  const ID = /^[A-Za-z0-9._:-]{1,64}$/;
  const FINAL = new Set(["CONFIRMED", "CANCELLED", "PAYMENT_FAILED", "EXPIRED", "SOLD_OUT", "LIMIT_EXCEEDED",
    "INSUFFICIENT_STOCK", "SALE_NOT_ACTIVE", "ERROR"]);
  /** Final states after which buying again can succeed. */
  const RETRYABLE = new Set(["CANCELLED", "PAYMENT_FAILED", "EXPIRED", "INSUFFICIENT_STOCK", "ERROR"]);

  const $ = (selector) => document.querySelector(selector);
  const saleId = decodeURIComponent(location.pathname.split("/")[2] || "");
  const purchaseKey = "flashsale.shop.purchase." + saleId;
  const whole = new Intl.NumberFormat(undefined);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  let identity = { token: null, userId: null };
  let sale = null;
  let saleTimer = null;
  let purchase = null;          // the purchase in progress: { flow, productId, quantity, ticketId, key, orderId, state }
  let countdownTimer = null;
  let clockOffsetMs = 0;        // server clock minus this clock, from the answers' Date header
  let needsChallenge = false;
  let resumed = false;          // whether the purchase kept from before a reload was looked for
  const productViews = new Map();

  // ---- identity ----

  /** Takes #token=… off the address (history too) and keeps it for this tab only. */
  function takeTokenFromFragment() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    if (!fragment.has("token")) {
      return;
    }
    history.replaceState(null, "", location.pathname + location.search);
    const token = fragment.get("token").trim();
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
    }
  }

  /** The token's sub, read without checking the signature: the server checks it on every call. */
  function subjectOf(token) {
    try {
      const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      const json = decodeURIComponent(Array.from(atob(payload),
        (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
      const sub = JSON.parse(json).sub;
      return typeof sub === "string" && ID.test(sub) ? sub : null;
    } catch (unreadable) {
      return null;
    }
  }

  function loadIdentity() {
    takeTokenFromFragment();
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      identity = { token: token, userId: subjectOf(token) };
      if (!identity.userId) {
        sessionStorage.removeItem(TOKEN_KEY);
        identity = { token: null, userId: null };
        signInNeeded("The sign-in this page was given is not readable. Open the sale again from the shop's site.");
        return false;
      }
    } else {
      identity = { token: null, userId: sessionStorage.getItem(USER_KEY) };
    }
    return true;
  }

  function showWho() {
    $("#who").hidden = !identity.userId;
    $("#who-name").textContent = identity.userId || "";
    // A signed-in shopper is who the token says; only a typed name can be changed here.
    $("#sign-out").hidden = Boolean(identity.token);
  }

  function signInNeeded(message) {
    stopEverything();
    $("#sale").hidden = true;
    $("#name-gate").hidden = true;
    $("#who").hidden = true;
    $("#sign-in-needed").hidden = false;
    $("#sign-in-text").textContent = message;
  }

  function askName(message) {
    $("#sale").hidden = true;
    $("#name-gate").hidden = false;
    $("#name-error").hidden = !message;
    $("#name-error").textContent = message || "";
    $("#name-input").focus();
  }

  // ---- the API ----

  /** One call; never throws. 0 stands for a network failure. */
  async function api(method, path, body, headers) {
    const sent = { Accept: "application/json" };
    if (body !== undefined) {
      sent["Content-Type"] = "application/json";
    }
    if (identity.token) {
      sent.Authorization = "Bearer " + identity.token;
    }
    Object.assign(sent, headers || {});
    let response;
    try {
      response = await fetch(path, { method: method, headers: sent, cache: "no-store", credentials: "omit",
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (offline) {
      return { status: 0, body: null, error: null, retryAfterMs: null };
    }
    const date = Date.parse(response.headers.get("Date") || "");
    if (!Number.isNaN(date)) {
      // Date has whole seconds: the server's clock was, on average, half a second past it.
      clockOffsetMs = date + 500 - Date.now();
    }
    let json = null;
    try {
      json = await response.json();
    } catch (notJson) {
      json = null;
    }
    const answer = { status: response.status, body: json, retryAfterMs: retryAfter(response),
      error: json && typeof json.error === "string" ? json.error : null };
    if (answer.status === 401) {
      if (identity.token) {
        sessionStorage.removeItem(TOKEN_KEY);
        signInNeeded("Your sign-in has expired or was not accepted. Open the sale again from the shop's site.");
      } else {
        signInNeeded("This sale needs you to be signed in. Go back to the shop and open the sale from there.");
      }
    }
    return answer;
  }

  function retryAfter(response) {
    const value = response.headers.get("Retry-After");
    if (!value) {
      return null;
    }
    const seconds = Number(value);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
    return Number.isFinite(ms) ? Math.min(Math.max(ms, 1000), 60000) : null;
  }

  /** 429, 503 and network failures are worth repeating, after Retry-After or a growing pause, plus jitter. */
  function isBusy(answer) {
    return answer.status === 429 || answer.status === 503 || answer.status === 0;
  }

  function pauseAfter(answer, attempt) {
    const base = answer.retryAfterMs || Math.min(1000 * Math.pow(2, attempt), 15000);
    return base + Math.floor(Math.random() * 400);
  }

  /** Repeats a call while the server is busy, saying so, until it answers or the flow is abandoned. */
  async function persist(flow, call, what) {
    for (let attempt = 0; ; attempt++) {
      const answer = await call();
      if (!isBusy(answer) || flow.abandoned) {
        return answer;
      }
      const pause = pauseAfter(answer, attempt);
      say(flow, answer.status === 0
        ? what + ": no connection, trying again in " + Math.ceil(pause / 1000) + " s…"
        : what + ": the shop is busy, trying again in " + Math.ceil(pause / 1000) + " s…");
      await sleep(pause);
      if (flow.abandoned) {
        return answer;
      }
    }
  }

  function message(answer, fallback) {
    return answer.body && typeof answer.body.message === "string" ? answer.body.message : fallback;
  }

  // ---- the sale ----

  async function pollSale() {
    clearTimeout(saleTimer);
    const answer = await api("GET", "/api/sales/" + encodeURIComponent(saleId));
    let next = SALE_POLL_MS;
    if (answer.status === 200) {
      sale = answer.body;
      $("#connection").textContent = "";
      renderSale();
      if (!resumed) {
        resumed = true;
        resumePurchase();
      }
    } else if (answer.status === 404 || answer.status === 400) {
      $("#sale").hidden = true;
      $("#sale-missing").hidden = false;
      return;
    } else if (answer.status === 401) {
      return;
    } else {
      next = pauseAfter(answer, 1);
      $("#connection").textContent = answer.status === 0 ? "Connection lost; reconnecting…"
        : "The shop is busy; availability may be a moment behind.";
    }
    if (document.hidden) {
      next = Math.max(next, HIDDEN_POLL_MS);
    } else if (purchase && !FINAL.has(purchase.state)) {
      // The ticket carries the product's live units; the other products can wait a little longer.
      next = Math.max(next, SALE_POLL_WHILE_BUYING_MS);
    }
    saleTimer = setTimeout(pollSale, next);
  }

  function renderSale() {
    $("#sale").hidden = false;
    $("#sale-missing").hidden = true;
    document.title = sale.name + " · Flash sale";
    $("#sale-name").textContent = sale.name;
    const status = $("#sale-status");
    status.dataset.status = sale.status;
    status.textContent = { UPCOMING: "Starts soon", ACTIVE: "On sale now", ENDED: "Ended" }[sale.status] || sale.status;
    $("#sale-timing").textContent = timing();
    $("#room-note").hidden = !sale.waitingRoom;
    const list = $("#products");
    for (const product of sale.products) {
      let view = productViews.get(product.productId);
      if (!view) {
        view = productView(product);
        productViews.set(product.productId, view);
        list.appendChild(view.root);
      }
      renderProduct(view, product);
    }
  }

  function timing() {
    const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    if (sale.status === "UPCOMING") {
      return "Starts " + when(sale.startsAt) + (sale.waitingRoom ? ". You can join the queue now." : ".");
    }
    if (sale.status === "ACTIVE") {
      return "Ends " + when(sale.endsAt) + ".";
    }
    return "Ended " + when(sale.endsAt) + ".";
  }

  function productView(product) {
    const root = $("#product-template").content.firstElementChild.cloneNode(true);
    root.dataset.product = product.productId;
    const view = { root: root, name: root.querySelector(".product-name"), description: root.querySelector(".product-description"),
      price: root.querySelector(".price"), fill: root.querySelector(".meter-fill"), availability: root.querySelector(".availability"),
      form: root.querySelector(".buy-form"), quantityLabel: root.querySelector(".quantity"),
      quantity: root.querySelector(".quantity-select"), buy: root.querySelector(".buy") };
    const nameId = "product-" + product.productId.replace(/[^A-Za-z0-9_-]/g, "_");
    view.name.id = nameId;
    root.setAttribute("aria-labelledby", nameId);
    view.form.addEventListener("submit", (event) => {
      event.preventDefault();
      startPurchase(product.productId, Number(view.quantity.value) || 1);
    });
    return view;
  }

  function renderProduct(view, product) {
    view.name.textContent = product.name;
    view.description.textContent = product.description || "";
    view.description.hidden = !product.description;
    view.price.textContent = money(product.price, product.currency);
    const share = product.stock > 0 ? Math.round(100 * product.available / product.stock) : 0;
    view.fill.style.width = share + "%";
    view.root.dataset.available = product.available;
    view.availability.textContent = product.available > 0
      ? whole.format(product.available) + " of " + whole.format(product.stock) + " left"
      : (sale.waitingRoom && sale.status !== "ENDED" ? "Sold out for now: units may come back" : "Sold out");
    const choices = Math.max(1, Math.min(sale.perUserLimit || 1, MAX_QUANTITY_CHOICES));
    if (view.quantity.options.length !== choices) {
      const chosen = Number(view.quantity.value) || 1;
      view.quantity.replaceChildren(...Array.from({ length: choices }, (_, i) => new Option(String(i + 1), String(i + 1))));
      view.quantity.value = String(Math.min(chosen, choices));
    }
    view.quantityLabel.hidden = choices === 1;
    const busy = purchase !== null && !FINAL.has(purchase.state);
    const [label, enabled] = buyButton(product);
    view.buy.textContent = label;
    view.buy.disabled = !enabled || busy || !identity.userId;
    view.buy.setAttribute("aria-label", label + ": " + product.name);
  }

  function buyButton(product) {
    if (sale.status === "ENDED") {
      return ["Sale ended", false];
    }
    if (sale.waitingRoom) {
      return [sale.status === "UPCOMING" ? "Join the queue" : "Buy", true];
    }
    if (sale.status === "UPCOMING") {
      return ["Not on sale yet", false];
    }
    return product.available > 0 ? ["Buy", true] : ["Sold out", false];
  }

  function money(amount, currency) {
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency: currency }).format(Number(amount));
    } catch (unknownCurrency) {
      return amount + " " + currency;
    }
  }

  function productName(productId) {
    const product = sale && sale.products.find((candidate) => candidate.productId === productId);
    return product ? product.name : productId;
  }

  // ---- one purchase: queue, order, payment ----

  function newKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return "shop-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function save() {
    if (purchase && !FINAL.has(purchase.state)) {
      const { flow, ...stored } = purchase;
      sessionStorage.setItem(purchaseKey, JSON.stringify(Object.assign(stored, { userId: identity.userId })));
    } else {
      sessionStorage.removeItem(purchaseKey);
    }
  }

  function startPurchase(productId, quantity) {
    abandon();
    purchase = { flow: { abandoned: false }, productId: productId, quantity: quantity, ticketId: null,
      key: newKey(), orderId: null, state: "STARTING" };
    showPurchase();
    $("#purchase").focus();
    const flow = purchase.flow;
    if (sale.waitingRoom) {
      joinQueue(flow);
    } else {
      placeOrder(flow, null);
    }
  }

  /** Picks up the purchase this tab was making before a reload. */
  function resumePurchase() {
    let stored = null;
    try {
      stored = JSON.parse(sessionStorage.getItem(purchaseKey));
    } catch (unreadable) {
      stored = null;
    }
    if (!stored || stored.userId !== identity.userId) {
      sessionStorage.removeItem(purchaseKey);
      return;
    }
    purchase = Object.assign(stored, { flow: { abandoned: false } });
    showPurchase();
    if (purchase.orderId) {
      refreshOrder(purchase.flow);
    } else if (purchase.ticketId) {
      pollTicket(purchase.flow);
    } else if (!sale.waitingRoom) {
      // The same Idempotency-Key: a placement that went through before the reload is not repeated.
      placeOrder(purchase.flow, null);
    } else {
      joinQueue(purchase.flow);
    }
  }

  function showPurchase() {
    $("#purchase").hidden = false;
    $("#purchase-product").textContent = purchase.quantity + " × " + productName(purchase.productId);
    $("#queue-figures").hidden = true;
    $("#payment").hidden = true;
    $("#again").hidden = true;
    $("#done").hidden = true;
  }

  function abandon() {
    if (purchase) {
      purchase.flow.abandoned = true;
    }
    clearInterval(countdownTimer);
    countdownTimer = null;
  }

  function say(flow, text) {
    // Unchanged text is left alone, so that a screen reader does not repeat it at every poll.
    if (!flow.abandoned && $("#purchase-status").textContent !== text) {
      $("#purchase-status").textContent = text;
    }
  }

  /** Moves the purchase to a state: the panel, the buttons and what survives a reload follow it. */
  function enter(flow, state, text) {
    if (flow.abandoned) {
      return;
    }
    purchase.state = state;
    $("#purchase").dataset.state = state;
    say(flow, text);
    const final = FINAL.has(state);
    $("#queue-figures").hidden = state !== "WAITING";
    $("#payment").hidden = state !== "PENDING";
    $("#done").hidden = !final;
    $("#again").hidden = !(RETRYABLE.has(state) && sale && sale.status !== "ENDED");
    if (final) {
      clearInterval(countdownTimer);
      countdownTimer = null;
    }
    save();
    if (sale) {
      renderSale();
    }
  }

  async function joinQueue(flow) {
    enter(flow, "JOINING", "Joining the queue…");
    const answer = await persist(flow, () => api("POST", "/api/sales/" + encodeURIComponent(saleId) + "/queue",
      { userId: identity.userId, productId: purchase.productId, quantity: purchase.quantity }), "Joining the queue");
    if (flow.abandoned) {
      return;
    }
    if (answer.status === 201 || answer.status === 200) {
      adoptTicket(answer.body);
      onTicket(flow, answer.body);
    } else if (answer.error === "NO_WAITING_ROOM") {
      placeOrder(flow, null);
    } else {
      refused(flow, answer);
    }
  }

  /** One Idempotency-Key per ticket: however often the placement is retried, it orders at most once. */
  function adoptTicket(ticket) {
    if (purchase.ticketId !== ticket.ticketId) {
      purchase.ticketId = ticket.ticketId;
      purchase.key = newKey();
    }
    // A user already in line keeps the ticket (and quantity) they joined with.
    purchase.quantity = ticket.quantity;
    $("#purchase-product").textContent = purchase.quantity + " × " + productName(purchase.productId);
  }

  async function pollTicket(flow) {
    if (flow.abandoned) {
      return;
    }
    const answer = await persist(flow, () => api("GET", "/api/sales/" + encodeURIComponent(saleId) + "/queue/"
      + encodeURIComponent(purchase.ticketId)), "Checking your place in line");
    if (flow.abandoned) {
      return;
    }
    if (answer.status === 200) {
      onTicket(flow, answer.body);
    } else if (answer.error === "TICKET_NOT_FOUND") {
      enter(flow, "ERROR", "Your place in line could not be found. Join the queue again.");
    } else {
      refused(flow, answer);
    }
  }

  function onTicket(flow, ticket) {
    switch (ticket.status) {
      case "WAITING":
        enter(flow, "WAITING", sale.status === "UPCOMING"
          ? "You are in line. Admission starts when the sale opens; keep this page open."
          : "You are in line. Keep this page open: your order is placed as soon as it is your turn.");
        $("#position").textContent = whole.format(ticket.position);
        $("#units-ahead").textContent = whole.format(ticket.unitsAhead);
        $("#ticket-available").textContent = whole.format(ticket.available);
        setTimeout(() => pollTicket(flow), ticketPollDelay(ticket));
        break;
      case "ADMITTED":
        enter(flow, "ADMITTED", "It is your turn! Placing your order…");
        placeOrder(flow, ticket.admissionToken);
        break;
      case "USED":
        purchase.orderId = ticket.orderId;
        refreshOrder(flow);
        break;
      case "EXPIRED":
        enter(flow, "EXPIRED", "Your turn passed before an order was placed, or the sale ended. You may join the queue again.");
        break;
      case "SOLD_OUT":
        enter(flow, "SOLD_OUT", "Sold out: no units of this product can come back for you. Sorry!");
        break;
      default:
        enter(flow, "ERROR", "Your ticket is in a state this page does not know (" + ticket.status + ").");
    }
  }

  /**
   * Every second near the front; further back, or long before the sale opens, about ten times over the shortest
   * possible wait (admitPerSecond bounds it), at most every 10 s: a crowd of 100,000 polls far less than 100,000
   * times a second, and nobody notices their turn late. Jitter keeps a crowd that joined together from polling
   * together.
   */
  function ticketPollDelay(ticket) {
    let seconds = (ticket.position - 1) / sale.waitingRoom.admitPerSecond / 10;
    if (sale.status === "UPCOMING") {
      seconds = Math.max(seconds, (Date.parse(sale.startsAt) - (Date.now() + clockOffsetMs)) / 5000);
    }
    const bounded = Math.min(Math.max(seconds * 1000, TICKET_POLL_MS), MAX_TICKET_POLL_MS);
    return bounded * (0.9 + Math.random() * 0.2);
  }

  async function placeOrder(flow, admissionToken) {
    enter(flow, "ORDERING", "Placing your order…");
    let admissionRefusals = 0;
    for (let attempt = 0; !flow.abandoned; attempt++) {
      const headers = { "Idempotency-Key": purchase.key };
      if (admissionToken) {
        headers["X-Admission"] = admissionToken;
      }
      if (needsChallenge) {
        say(flow, "Checking your browser before placing the order…");
        const solution = await solveChallenge(flow);
        if (!solution) {
          return;
        }
        headers["X-Altcha"] = solution;
      }
      const answer = await api("POST", "/api/sales/" + encodeURIComponent(saleId) + "/orders",
        { userId: identity.userId, productId: purchase.productId, quantity: purchase.quantity }, headers);
      if (flow.abandoned) {
        return;
      }
      if (answer.status === 201 || answer.status === 200) {
        purchase.orderId = answer.body.orderId;
        onOrder(flow, answer.body);
        return;
      }
      if (isBusy(answer)) {
        const pause = pauseAfter(answer, attempt);
        say(flow, "The shop is busy; placing your order again in " + Math.ceil(pause / 1000) + " s…");
        await sleep(pause);
      } else if (answer.error === "CHALLENGE_REQUIRED" || (answer.error === "CHALLENGE_FAILED" && attempt < 3)) {
        needsChallenge = true;
      } else if (answer.error === "ADMISSION_REQUIRED" && purchase.ticketId && admissionRefusals++ === 0) {
        // The ticket says why: its admission expired, or it was used (by this page, before a reload).
        pollTicket(flow);
        return;
      } else {
        refused(flow, answer);
        return;
      }
    }
  }

  /** Final answers from the room or the placement, each said plainly. */
  function refused(flow, answer) {
    const body = answer.body || {};
    switch (answer.error) {
      case "SOLD_OUT":
        enter(flow, "SOLD_OUT", "Sold out: every unit of this product is taken. Sorry!");
        break;
      case "INSUFFICIENT_STOCK":
        enter(flow, "INSUFFICIENT_STOCK", "Only " + body.available + " left: fewer than you asked for. Try a smaller quantity.");
        break;
      case "LIMIT_EXCEEDED":
        enter(flow, "LIMIT_EXCEEDED", "This sale allows " + body.limit + " per shopper and you already hold " + body.held + ".");
        break;
      case "SALE_NOT_ACTIVE":
        enter(flow, "SALE_NOT_ACTIVE", body.status === "UPCOMING" ? "The sale has not started yet." : "The sale has ended.");
        break;
      default:
        enter(flow, "ERROR", answer.status === 0 ? "No connection to the shop." : message(answer, "Something went wrong ("
          + answer.status + ")."));
    }
  }

  async function refreshOrder(flow) {
    enter(flow, "ORDERING", "Fetching your order…");
    const answer = await persist(flow, () => api("GET", "/api/orders/" + encodeURIComponent(purchase.orderId)),
      "Fetching your order");
    if (flow.abandoned) {
      return;
    }
    if (answer.status === 200) {
      onOrder(flow, answer.body);
    } else {
      refused(flow, answer);
    }
  }

  function onOrder(flow, order) {
    purchase.orderId = order.orderId;
    if (order.status === "PENDING") {
      enter(flow, "PENDING", "Order placed. Pay before the time runs out to keep it.");
      setPaymentButtons(true);
      startCountdown(flow, order.expiresAt);
    } else if (order.status === "CONFIRMED") {
      enter(flow, "CONFIRMED", "Paid: your order is confirmed (order " + order.orderId + "). Thank you!");
    } else if (order.cancelReason === "PAYMENT_FAILED") {
      enter(flow, "PAYMENT_FAILED", "The payment failed, so the order was cancelled and its units went back on sale.");
    } else if (order.cancelReason === "EXPIRED") {
      enter(flow, "EXPIRED", "Time is up: the order was not paid in time, so its units went back on sale.");
    } else {
      enter(flow, "CANCELLED", "You cancelled the order; its units went back on sale.");
    }
  }

  function startCountdown(flow, expiresAt) {
    clearInterval(countdownTimer);
    const deadline = Date.parse(expiresAt);
    const element = $("#countdown");
    element.setAttribute("datetime", expiresAt);
    let checking = false;
    const tick = () => {
      const left = Math.max(0, Math.ceil((deadline - (Date.now() + clockOffsetMs)) / 1000));
      element.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0 && !checking) {
        // The server cancels the order shortly after its deadline; ask until it has.
        checking = true;
        setPaymentButtons(false);
        clearInterval(countdownTimer);
        awaitExpiry(flow);
      }
    };
    tick();
    countdownTimer = setInterval(tick, 500);
  }

  async function awaitExpiry(flow) {
    for (let attempt = 0; !flow.abandoned && purchase.state === "PENDING"; attempt++) {
      await sleep(1000);
      const answer = await api("GET", "/api/orders/" + encodeURIComponent(purchase.orderId));
      if (flow.abandoned) {
        return;
      }
      if (answer.status === 200 && answer.body.status !== "PENDING") {
        onOrder(flow, answer.body);
      } else if (isBusy(answer)) {
        await sleep(pauseAfter(answer, attempt));
      }
    }
  }

  function setPaymentButtons(enabled) {
    for (const button of ["#pay", "#pay-fail", "#cancel"]) {
      $(button).disabled = !enabled;
    }
  }

  async function settle(path, body, what) {
    const flow = purchase.flow;
    setPaymentButtons(false);
    say(flow, what + "…");
    const answer = await persist(flow, () => api("POST", path, body), what);
    if (flow.abandoned) {
      return;
    }
    if (answer.status === 200) {
      onOrder(flow, answer.body);
    } else if (answer.error === "ORDER_NOT_PENDING") {
      refreshOrder(flow);
    } else {
      refused(flow, answer);
    }
  }

  function pay(outcome) {
    settle("/api/orders/" + encodeURIComponent(purchase.orderId) + "/payment",
      { outcome: outcome, paymentRef: "shop-page-" + purchase.key }, outcome === "SUCCEEDED" ? "Paying" : "Sending the payment");
  }

  // ---- the proof-of-work challenge some sales ask for (ALTCHA, SHA-256) ----

  async function solveChallenge(flow) {
    if (!(window.crypto && crypto.subtle)) {
      enter(flow, "ERROR", "This sale asks for a browser check that needs a secure (HTTPS) connection.");
      return null;
    }
    const answer = await persist(flow, () => api("GET", "/api/challenge"), "Fetching a browser check");
    if (answer.status !== 200) {
      refused(flow, answer);
      return null;
    }
    const challenge = answer.body;
    const encoder = new TextEncoder();
    for (let number = 0; number <= challenge.maxnumber && !flow.abandoned; number++) {
      const digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + number));
      const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
      if (hex === challenge.challenge) {
        return btoa(JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number: number,
          salt: challenge.salt, signature: challenge.signature }));
      }
    }
    enter(flow, "ERROR", "The browser check could not be solved. Try again.");
    return null;
  }

  // ---- start ----

  function stopEverything() {
    abandon();
    clearTimeout(saleTimer);
  }

  function openShop() {
    showWho();
    $("#name-gate").hidden = true;
    pollSale();
  }

  function wire() {
    $("#name-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const name = $("#name-input").value.trim();
      if (!ID.test(name)) {
        $("#name-error").hidden = false;
        $("#name-error").textContent = "Use 1 to 64 letters, digits, dots, underscores, colons or dashes.";
        return;
      }
      sessionStorage.setItem(USER_KEY, name);
      identity.userId = name;
      openShop();
    });
    $("#sign-out").addEventListener("click", () => {
      stopEverything();
      purchase = null;
      $("#purchase").hidden = true;
      sessionStorage.removeItem(USER_KEY);
      identity.userId = null;
      resumed = false;
      showWho();
      askName();
    });
    $("#pay").addEventListener("click", () => pay("SUCCEEDED"));
    $("#pay-fail").addEventListener("click", () => pay("FAILED"));
    $("#cancel").addEventListener("click", () => settle("/api/orders/" + encodeURIComponent(purchase.orderId) + "/cancel",
      undefined, "Cancelling"));
    $("#again").addEventListener("click", () => startPurchase(purchase.productId, purchase.quantity));
    $("#done").addEventListener("click", () => {
      abandon();
      purchase = null;
      sessionStorage.removeItem(purchaseKey);
      $("#purchase").hidden = true;
      $("#purchase").dataset.state = "";
      renderSale();
    });
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden && sale) {
        pollSale();
      }
    });
  }

  async function start() {
    wire();
    if (!ID.test(saleId)) {
      $("#sale-missing").hidden = false;
      return;
    }
    if (!loadIdentity()) {
      return;
    }
    if (identity.userId) {
      openShop();
      return;
    }
    // No name yet: ask for one, unless the API wants a signed-in shopper (then api() has said so).
    const probe = await api("GET", "/api/sales/" + encodeURIComponent(saleId));
    if (probe.status !== 401) {
      askName();
    }
  }

  start();
})();
