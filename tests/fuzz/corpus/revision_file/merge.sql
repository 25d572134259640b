-- revision: a1b2c3d4e5f6
-- down_revision: [9c0d1e2f3a4b, 5e6f7a8b9c0d]
-- message: merge heads
-- created_at: 2026-11-22T11:00:00Z

-- rev:upgrade

-- rev:downgrade
