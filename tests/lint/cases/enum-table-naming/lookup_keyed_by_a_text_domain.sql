-- expect: enum-table-naming app.country
-- setup
CREATE SCHEMA app;
CREATE DOMAIN app.iso_code AS text CHECK (VALUE ~ '^[A-Z]{2}$');
CREATE TABLE app.country (iso app.iso_code PRIMARY KEY, name text NOT NULL);
CREATE TABLE app.addresses (id bigint PRIMARY KEY, country app.iso_code REFERENCES app.country);
