-- Nothing reads orders by user from PostgreSQL any more: a user's orders are listed from the ledgers in the grid
-- (GET /api/users/{userId}/orders), and PostgreSQL gives a product's orders back with its ledger, through
-- orders_by_product. The index only cost every order written: one more B-tree insert, at a random place, per row.
DROP INDEX IF EXISTS orders_by_user;

