DROP TABLE posts;
DROP FUNCTION posts_trim_title();
