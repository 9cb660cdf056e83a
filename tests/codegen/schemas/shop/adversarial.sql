-- See library/adversarial.sql.
INSERT INTO customers (id, email, name, phone, deleted_at) VALUES (1, 'x', 'x', NULL, NULL),
  (2, 'gone', 'gone', NULL, now()), (3, 'no orders', 'n', NULL, NULL);
INSERT INTO products (id, sku, name, price, stock, deleted_at) VALUES (1, 'x', 'x', 1, 0, NULL),
  (2, 'old', 'old', 2, 0, now());
INSERT INTO orders (id, customer_id, status, placed_on, note, total) VALUES
  (1, 1, 'pending', '2000-01-01', NULL, NULL), (2, 2, 'paid', '2000-01-02', 'x', 5);
INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (2, 2, 1, 5);
