-- revision: 9c0d1e2f3a4b
-- down_revision: 3f2a9c1b7d4e        # null for a base; a list [a, b] for a merge
-- message: add email index
-- created_at: 2026-11-22T10:04:00Z
-- branch_labels: []                   # optional
-- depends_on: []                      # optional, revisions on other branches
-- transactional: true                 # optional; false for CREATE INDEX CONCURRENTLY etc.

-- rev:upgrade
CREATE INDEX users_email ON users (email);

-- rev:downgrade
DROP INDEX users_email;
