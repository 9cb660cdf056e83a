CREATE OR REPLACE VIEW post_counts AS
    SELECT user_id, count(*) AS posts FROM posts GROUP BY user_id;
