-- migrate:up
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');

CREATE TABLE customers (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    phone varchar(32),
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

CREATE TABLE products (
    id serial PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    name text NOT NULL,
    price numeric(12, 2) NOT NULL,
    stock int4 NOT NULL DEFAULT 0,
    weights float8[] NOT NULL DEFAULT '{}',
    deleted_at timestamptz
);

CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer_id int4 NOT NULL REFERENCES customers (id),
    status order_status NOT NULL DEFAULT 'pending',
    placed_on date NOT NULL DEFAULT current_date,
    note text,
    total numeric(12, 2)
);
CREATE INDEX orders_customer ON orders (customer_id);

CREATE TABLE order_items (
    order_id bigint NOT NULL REFERENCES orders (id),
    product_id int4 NOT NULL REFERENCES products (id),
    quantity int4 NOT NULL,
    unit_price numeric(12, 2) NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

-- migrate:down
DROP TABLE order_items;
DROP TABLE orders;
DROP TABLE products;
DROP TABLE customers;
DROP TYPE order_status;
