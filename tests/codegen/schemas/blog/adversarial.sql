-- See library/adversarial.sql.
INSERT INTO users (id, handle, display_name, settings, karma) VALUES
  ('00000000-0000-0000-0000-000000000001', 'x', NULL, NULL, 0),
  ('00000000-0000-0000-0000-000000000002', 'quiet', NULL, '{"theme": null}', 0);
INSERT INTO posts (author_id, slug, title, visibility, labels, published)
OVERRIDING SYSTEM VALUE SELECT '00000000-0000-0000-0000-000000000001', 'x', 'x', 'public', NULL, true;
INSERT INTO comments (post_id, author_id, parent_id, body)
SELECT 1, NULL, NULL, 'x';
INSERT INTO comments (post_id, author_id, parent_id, body)
SELECT 1, '00000000-0000-0000-0000-000000000002', 1, 'reply';
INSERT INTO tags (name) VALUES ('x'), ('unused');
