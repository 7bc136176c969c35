-- Where each delivery's signals go, routed when it arrived (JSON: lanes and the register
-- digest), and how many signals it carries: the correlation worker orders its work from these
-- without reading the batches. Older deliveries have none and are routed from their batch.
ALTER TABLE intake_deliveries ADD COLUMN route TEXT;
ALTER TABLE intake_deliveries ADD COLUMN signals INTEGER NOT NULL DEFAULT 0;
