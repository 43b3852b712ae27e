-- The durable copy of the grid's maps, written by write-behind MapStores (com.flashsale.mapstore).
--
-- The grid is the system of record while it runs; these tables are what it is rebuilt from after a restart.
-- Every row carries the `version` of the grid value it copies: stores only ever replace a row with a newer
-- version, so replayed or reordered writes leave the newest state, and a reconciler can compare versions.
--
-- There are deliberately no foreign keys between tables that different maps write (stock -> sales,
-- orders -> stock, ...): each map flushes on its own schedule, so a stock row may land before its sale.
-- Constraints restate only what one row must satisfy on its own, and only what the domain records already
-- guarantee: a value the grid accepted but a CHECK refuses could never be written, and write-behind would
-- retry it for ever.

-- What one stored list (jsonb array of {"units": n, ...}) adds up to. Immutable, so CHECKs may use it.
CREATE FUNCTION units_in(entries jsonb) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(sum((entry ->> 'units')::integer), 0)::integer FROM jsonb_array_elements(entries) AS entry $$;

-- Map `sales`: one row per sale; its products, immutable once created, in sale_products.
CREATE TABLE sales (
  sale_id                text        PRIMARY KEY,
  name                   text        NOT NULL,
  starts_at              timestamptz NOT NULL,
  ends_at                timestamptz NOT NULL,
  ended_at               timestamptz,
  per_user_limit         integer     NOT NULL CHECK (per_user_limit >= 1),
  payment_window_seconds integer     NOT NULL CHECK (payment_window_seconds >= 0),
  version                bigint      NOT NULL CHECK (version >= 1)
);

CREATE TABLE sale_products (
  sale_id     text    NOT NULL REFERENCES sales (sale_id) ON DELETE CASCADE,
  product_id  text    NOT NULL,
  -- The operator's order of the products; the API lists them in it.
  position    integer NOT NULL CHECK (position >= 0),
  name        text    NOT NULL,
  description text,
  price       numeric NOT NULL CHECK (price >= 0),
  currency    text    NOT NULL,
  stock       integer NOT NULL CHECK (stock >= 0),
  PRIMARY KEY (sale_id, product_id),
  UNIQUE (sale_id, position)
);

-- Map `stock`: the live figures of one product. Holds (units taken for orders not yet paid or returned)
-- are a jsonb array in the row, not a child table: they are rewritten with every stock version and must
-- change atomically with the figures under the same version guard, which one row gives for free.
-- `held` restates their sum so the no-oversell invariant is a plain CHECK an operator can read.
CREATE TABLE stock (
  sale_id    text        NOT NULL,
  product_id text        NOT NULL,
  total      integer     NOT NULL CHECK (total >= 0),
  available  integer     NOT NULL CHECK (available >= 0),
  held       integer     NOT NULL CHECK (held >= 0),
  confirmed  integer     NOT NULL CHECK (confirmed >= 0),
  -- [{"orderId": 1, "userId": "u", "units": 2, "deadline": <epoch ms>}, ...]
  holds      jsonb       NOT NULL CHECK (jsonb_typeof(holds) = 'array'),
  opens_at   timestamptz NOT NULL,
  closes_at  timestamptz NOT NULL,
  version    bigint      NOT NULL CHECK (version >= 1),
  PRIMARY KEY (sale_id, product_id),
  CONSTRAINT stock_never_oversold CHECK (total = available + held + confirmed),
  CONSTRAINT stock_held_is_sum_of_holds CHECK (held = units_in(holds))
);

-- Map `holdings`: what one user holds of one product (PENDING and CONFIRMED orders). The grid removes an
-- entry once it is empty and starts the next one at version 1 again, so the version alone cannot order
-- two lives of one key: the earliest/latest reservation instants let the store tell a newer life (every
-- order reserved after every order of the stored row) from a stale write of an older one.
CREATE TABLE holdings (
  sale_id              text        NOT NULL,
  product_id           text        NOT NULL,
  user_id              text        NOT NULL,
  held                 integer     NOT NULL CHECK (held >= 0),
  -- [{"orderId": 1, "units": 2, "reservedAt": <epoch ms>}, ...]
  orders               jsonb       NOT NULL CHECK (jsonb_typeof(orders) = 'array'),
  earliest_reserved_at timestamptz,
  latest_reserved_at   timestamptz,
  version              bigint      NOT NULL CHECK (version >= 0),
  PRIMARY KEY (sale_id, product_id, user_id),
  CONSTRAINT holdings_held_is_sum_of_orders CHECK (held = units_in(orders))
);

-- Map `orders`. VOIDED is the internal tombstone repair writes for an order id whose placement never
-- finished: it has no sale, product, user or price.
CREATE TABLE orders (
  order_id      bigint      PRIMARY KEY,
  sale_id       text,
  product_id    text,
  user_id       text,
  quantity      integer     NOT NULL,
  unit_price    numeric,
  currency      text,
  status        text        NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'VOIDED')),
  cancel_reason text        CHECK (cancel_reason IN ('USER_CANCELLED', 'PAYMENT_FAILED', 'EXPIRED')),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  expires_at    timestamptz,
  payment_ref   text,
  version       bigint      NOT NULL CHECK (version >= 1),
  CONSTRAINT orders_real_orders_are_complete CHECK (status = 'VOIDED' OR (quantity >= 1 AND sale_id IS NOT NULL
      AND product_id IS NOT NULL AND user_id IS NOT NULL AND unit_price >= 0 AND currency IS NOT NULL)),
  CONSTRAINT orders_cancel_reason_iff_cancelled CHECK ((status = 'CANCELLED') = (cancel_reason IS NOT NULL)),
  CONSTRAINT orders_expires_at_iff_pending CHECK ((status = 'PENDING') = (expires_at IS NOT NULL))
);

-- The per-user listing and the per-product reconciliation read by these.
CREATE INDEX orders_by_user ON orders (user_id);
CREATE INDEX orders_by_product ON orders (sale_id, product_id);

-- Map `idempotency`: the first use of an Idempotency-Key and the order id chosen for it. Kept so the
-- contract's 24-hour replay promise survives a restart; rows older than the map's TTL are purged.
CREATE TABLE idempotency_keys (
  idempotency_key text        PRIMARY KEY CHECK (length(idempotency_key) >= 1),
  request_hash    text        NOT NULL,
  order_id        bigint      NOT NULL,
  claimed_at      timestamptz NOT NULL
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (claimed_at);
