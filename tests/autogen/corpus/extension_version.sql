-- current
CREATE EXTENSION pg_trgm WITH SCHEMA public VERSION '1.5';
CREATE TABLE public.words (id bigint PRIMARY KEY, word text);
-- desired
CREATE EXTENSION pg_trgm WITH SCHEMA public VERSION '1.6';
CREATE TABLE public.words (id bigint PRIMARY KEY, word text);
