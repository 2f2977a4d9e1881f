-- PostgreSQL stores these columns as timestamptz, one instant each: nothing
-- to rewrite (SQLite's 012 puts its text into the form the writer now stores).
SELECT 1;
