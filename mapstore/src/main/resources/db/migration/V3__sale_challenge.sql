-- Whether a sale's orders need a solved proof-of-work challenge, stored with the sale: it holds on every member
-- from the moment the sale exists and survives a restart of the whole cluster (it used to live in a replicated
-- map of the edge, which a full restart lost).
ALTER TABLE sales ADD COLUMN require_challenge boolean NOT NULL DEFAULT false;
