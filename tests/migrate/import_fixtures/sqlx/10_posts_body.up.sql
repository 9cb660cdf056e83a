ALTER TABLE posts ADD COLUMN body text NOT NULL DEFAULT '';
CREATE INDEX posts_user_id_idx ON posts (user_id);
