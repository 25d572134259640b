-- revision: 3f2a9c1b7d4e
-- down_revision: null
-- message: add users table
-- created_at: 2026-11-22T10:00:00Z
-- branch_labels: []
-- depends_on: []
-- transactional: true

-- rev:upgrade
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);

-- rev:downgrade
DROP TABLE users;
