-- revision: c0ffee000001
-- down_revision: b0b0b0b0b0b0
-- message: "crlf file"

-- rev:upgrade
ALTER TABLE users ADD COLUMN age INTEGER;

-- rev:downgrade
ALTER TABLE users DROP COLUMN age;
