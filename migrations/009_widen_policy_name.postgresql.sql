-- Azure Policy names longer than 255 characters exist: widen policy_name to
-- 1000 and category to 500. The truncation service reads the new widths.
ALTER TABLE policy_states ALTER COLUMN policy_name TYPE VARCHAR(1000);
ALTER TABLE policy_states ALTER COLUMN category TYPE VARCHAR(500);
