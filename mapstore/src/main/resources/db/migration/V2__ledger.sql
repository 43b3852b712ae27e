-- The ledger model: one value per product in the grid (map `ledgers`), written behind as the product's stock
-- row plus every order changed since the row's version, in one transaction. PostgreSQL therefore always holds
-- a product's stock row and its orders at one ledger version, and a restart rebuilds each ledger from its
-- orders: no unit can be sellable twice and no user over the limit, whenever the whole cluster died.
--
-- Gone: the holds array (a ledger's unpaid orders are its PENDING orders), the holdings table (a user's units
-- are the units of their orders) and the idempotency_keys table (a key is stored in the row of the order it
-- created, so a restart never keeps one without the other).

ALTER TABLE stock DROP CONSTRAINT stock_held_is_sum_of_holds;
ALTER TABLE stock DROP COLUMN holds;
DROP TABLE holdings;
-- Last: the dropped constraint above and the holdings table's own CHECK were what used it.
DROP FUNCTION units_in(jsonb);
DROP TABLE idempotency_keys;

-- An order's `version` is now the version of its product's ledger at the order's last change: a stock row at
-- version v has every order of the product whose version is at most v.
ALTER TABLE orders ADD COLUMN idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 128);
ALTER TABLE orders ADD COLUMN request_hash text;
ALTER TABLE orders ADD CONSTRAINT orders_key_has_hash CHECK ((idempotency_key IS NULL) = (request_hash IS NULL));

-- The idempotency map is loaded from here (keys of the last 25 hours). Not unique: after a network split both
-- sides may have bound one key, and a row PostgreSQL refused would be retried for ever.
CREATE INDEX orders_by_idempotency_key ON orders (idempotency_key, created_at) WHERE idempotency_key IS NOT NULL;
