-- dmarc_domain_policies (dmarc plugin): a failed TXT lookup keeps the last
-- known policy; lookup_error (since 008) says why it failed and
-- lookup_failed_at when. Both are cleared by the next successful lookup.
-- policy_note says why no policy applies although v=DMARC1 records are
-- published (RFC 7489 section 6.6.3: more than one of them).
ALTER TABLE dmarc_domain_policies ADD COLUMN lookup_failed_at TIMESTAMPTZ;
ALTER TABLE dmarc_domain_policies ADD COLUMN policy_note TEXT;
