-- A person's name as others read it (issue 13: pages showed user names such as "sao.exec").
-- Empty until set: pages then fall back to the user name.
ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
