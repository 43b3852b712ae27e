-- Waiting rooms (contract v2). A sale may queue its shoppers per product; the room's settings are stored with
-- the sale and with each product's stock row, so a ledger loads its room without its sale.
ALTER TABLE sales ADD COLUMN room_admit_per_second integer CHECK (room_admit_per_second >= 1);
ALTER TABLE sales ADD COLUMN room_admission_seconds integer CHECK (room_admission_seconds >= 1);
ALTER TABLE sales ADD CONSTRAINT sales_room_whole
  CHECK ((room_admit_per_second IS NULL) = (room_admission_seconds IS NULL));
ALTER TABLE stock ADD COLUMN room_admit_per_second integer CHECK (room_admit_per_second >= 1);
ALTER TABLE stock ADD COLUMN room_admission_seconds integer CHECK (room_admission_seconds >= 1);

-- A product's tickets, written with its stock row in the ledger's transaction (like its orders): a stock row at
-- version v has every ticket of the product whose version is at most v, so a restart of the whole cluster
-- rebuilds each queue in its order (seq is the join order). Timestamps are epoch milliseconds of cluster time,
-- 0 for not set, as in the grid.
CREATE TABLE tickets (
  sale_id              text    NOT NULL,
  product_id           text    NOT NULL,
  seq                  bigint  NOT NULL CHECK (seq >= 1),
  nonce                text    NOT NULL,
  user_id              text    NOT NULL,
  quantity             integer NOT NULL CHECK (quantity >= 1),
  status               text    NOT NULL CHECK (status IN ('WAITING', 'ADMITTED', 'USED', 'EXPIRED', 'SOLD_OUT')),
  joined_at            bigint  NOT NULL,
  admitted_at          bigint  NOT NULL,
  secret               text,
  admission_expires_at bigint  NOT NULL,
  order_id             bigint  NOT NULL,
  updated_at           bigint  NOT NULL,
  version              bigint  NOT NULL CHECK (version >= 1),
  PRIMARY KEY (sale_id, product_id, seq)
);
