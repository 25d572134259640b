-- revision: d0d0d0d0d0d0
-- down_revision: null
-- rev:upgrade
SELECT 1;
-- rev:sideways
SELECT 2;
