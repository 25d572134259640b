-- revision: f0f0f0f0f0f0
-- revision: f0f0f0f0f0f1
-- down_revision: 'null'
-- transactional: maybe
-- rev:upgrade
SELECT 1;
