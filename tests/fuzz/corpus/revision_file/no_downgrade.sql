-- revision: b0b0b0b0b0b0
-- down_revision: a1b2c3d4e5f6
-- message: 'quoted: message # not a comment'
-- transactional: false
-- rev:upgrade
CREATE INDEX CONCURRENTLY orders_user ON orders (user_id);
