-- name: GetBook :one
SELECT * FROM books WHERE id = $1;

-- name: BooksWithAuthor :many
SELECT sqlc.embed(b), sqlc.embed(a)
FROM books b JOIN authors a ON a.id = b.author_id
ORDER BY b.id;

-- name: AuthorsWithBooks :many
SELECT a.id AS author_id, a.name, b.id AS book_id, b.title, b.price
FROM authors a LEFT JOIN books b ON b.author_id = a.id
ORDER BY a.id, b.id;

-- name: BooksRightAuthors :many
SELECT b.title, a.name AS author_name
FROM books b RIGHT JOIN authors a ON a.id = b.author_id
ORDER BY a.id;

-- name: BooksFullReviews :many
SELECT b.id AS book_id, r.id AS review_id, r.stars
FROM books b FULL JOIN reviews r ON r.book_id = b.id
ORDER BY b.id, r.id;

-- name: LatestReviewPerBook :many
SELECT b.id, b.title, lr.stars, lr.created_at
FROM books b
LEFT JOIN LATERAL (
  SELECT r.stars, r.created_at FROM reviews r WHERE r.book_id = b.id
  ORDER BY r.created_at DESC LIMIT 1
) lr ON true
ORDER BY b.id;

-- name: BooksCrossLateral :many
SELECT b.id, x.n
FROM books b CROSS JOIN LATERAL (SELECT count(*) AS n FROM reviews r WHERE r.book_id = b.id) x
ORDER BY b.id;

-- name: BooksByGenre :many
SELECT id, title, genre FROM books WHERE genre = $1 ORDER BY id;

-- name: BooksByGenres :many
SELECT id, title FROM books WHERE genre = ANY(@genres::book_genre[]) ORDER BY id;

-- name: BooksTagged :many
SELECT id, tags FROM books WHERE tags @> @wanted::text[] ORDER BY id;

-- name: BookMetadataField :one
SELECT metadata, metadata ->> 'edition' AS edition, tags[1] AS first_tag FROM books WHERE id = $1;

-- name: CreateBook :one
INSERT INTO books (author_id, title, isbn, genre, tags, price, published_at, metadata, cover, code)
VALUES (@author_id, @title, @isbn, @genre, @tags, @price, @published_at, @metadata, @cover, @code)
RETURNING id, isbn, genre, price;

-- name: SetBookPrice :one
UPDATE books SET price = $2, published_at = now() WHERE id = $1
RETURNING id, price, published_at;

-- name: BookPriceStats :one
SELECT count(*) AS books, sum(price) AS total, avg(price) AS average
FROM books WHERE author_id = $1;

-- name: RankedBooks :many
SELECT id, title, row_number() OVER (ORDER BY price DESC) AS position,
       lag(title) OVER (ORDER BY price DESC) AS previous_title
FROM books ORDER BY position;

-- name: BookLabels :many
SELECT id, CASE WHEN price > 20 THEN 'premium' END AS label,
       CASE WHEN price > 20 THEN 'premium' ELSE 'standard' END AS tier,
       (SELECT max(stars) FROM reviews r WHERE r.book_id = books.id) AS best
FROM books ORDER BY id;

-- name: ReviewedBooks :many
WITH rated AS (
  SELECT book_id, avg(stars)::float8 AS rating FROM reviews GROUP BY book_id
)
SELECT b.id, b.title, rated.rating
FROM books b JOIN rated ON rated.book_id = b.id
ORDER BY b.id;

-- name: BooksPublishedAfter :many
SELECT id, published_at FROM books WHERE published_at > $1 ORDER BY id;

-- name: BookCover :one
SELECT cover, code, isbn FROM books WHERE id = $1;

-- name: DeleteBooksOf :execrows
DELETE FROM books WHERE author_id = $1;

-- name: AddReview :one
INSERT INTO reviews (book_id, stars, body) VALUES ($1, $2, 'no comment')
RETURNING id, body, created_at;
