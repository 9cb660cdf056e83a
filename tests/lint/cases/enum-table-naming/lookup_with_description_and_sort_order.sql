-- expect: enum-table-naming public.order_status
-- setup
CREATE TABLE order_status (code varchar(32) PRIMARY KEY, label text NOT NULL, sort_order integer NOT NULL DEFAULT 0);
CREATE TABLE orders (id bigint PRIMARY KEY, status varchar(32) NOT NULL REFERENCES order_status (code));
