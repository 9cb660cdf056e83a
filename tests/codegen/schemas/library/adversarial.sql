-- Data that tries to make every column strata calls non-null come back NULL: nullable columns
-- NULL, rows with no join partner on either side, empty groups. Row 1 of each table matches the
-- generic parameters of tests/codegen/nonnull_pg_test.cpp (1, 'x', first enum label, ...).
INSERT INTO authors (id, name, bio, born) VALUES (1, 'x', NULL, NULL), (2, 'no books', NULL, NULL),
  (3, 'has bio', 'bio', '2000-01-01');
INSERT INTO books (id, author_id, title, isbn, genre, tags, price, published_at, metadata, cover, code)
VALUES (1, 1, 'x', NULL, 'fiction', '{}', 1, NULL, '{}', NULL, NULL),
       (2, 3, 'reviewed', '0123456789', 'history', '{x}', 30, '2001-01-01', '{"edition": null}', '\x00', 'ab');
INSERT INTO reviews (id, book_id, stars, body) VALUES (1, 2, 1, NULL);
