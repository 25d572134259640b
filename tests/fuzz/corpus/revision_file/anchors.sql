--revision: &id a0a0a0a0a0a0
--down_revision: *id
-- message: !!str 123
-- created_at: "2026-11-22T10:04:00Z"
--   rev: upgrade
-- rev:upgrade
SELECT 'x';
