DROP INDEX posts_user_id_idx;
ALTER TABLE posts DROP COLUMN body;
