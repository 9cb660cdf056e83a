-- The table the codegen benchmark reads (bench/codegen_bench.cpp).
-- migrate:up
CREATE TABLE items (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    qty integer NOT NULL,
    price double precision NOT NULL,
    note text
);

-- migrate:down
DROP TABLE items;
