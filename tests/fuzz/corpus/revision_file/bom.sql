-- revision: b0m000000001
-- down_revision: [c0ffee000001]
-- message: with a BOM
-- rev:upgrade
SELECT 1;
