-- 003: energy cost where the files carry it (period consumptions with a cost column), in EUR.
ALTER TABLE consumptions ADD COLUMN cost_eur DOUBLE;
ALTER TABLE monthly_rollup ADD COLUMN cost_eur DOUBLE;
ALTER TABLE yearly_rollup ADD COLUMN cost_eur DOUBLE;
-- months of the year whose value came with a cost: the cost covers the year when it equals months
ALTER TABLE yearly_rollup ADD COLUMN cost_months INTEGER DEFAULT 0;
UPDATE yearly_rollup SET cost_months = 0 WHERE cost_months IS NULL;
ALTER TABLE yearly_rollup ALTER COLUMN cost_months SET NOT NULL;
