-- name: GetCustomer :one
SELECT id, email, name, phone FROM customers WHERE id = $1 AND deleted_at IS NULL;

-- name: GetCustomerIncludingDeleted :one
-- strata:include-deleted
SELECT id, email, deleted_at FROM customers WHERE id = $1;

-- name: CustomersUnfiltered :many
SELECT id, email FROM customers ORDER BY id;

-- name: SoftDeleteCustomer :execrows
UPDATE customers SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL;

-- name: CreateCustomer :one
INSERT INTO customers (email, name, phone) VALUES ($1, $2, $3)
RETURNING id, email, phone, created_at;

-- name: UpsertProduct :one
INSERT INTO products (sku, name, price, stock) VALUES (@sku, @name, @price, @stock)
ON CONFLICT (sku) DO UPDATE SET price = EXCLUDED.price, stock = products.stock + EXCLUDED.stock
RETURNING id, sku, price, stock;

-- name: ProductsByIds :many
SELECT id, sku, price FROM products
WHERE id IN (sqlc.slice(ids)) AND deleted_at IS NULL ORDER BY id;

-- name: ProductWeights :one
SELECT weights FROM products WHERE sku = $1 AND deleted_at IS NULL;

-- name: OrdersOfCustomer :many
SELECT o.id, o.status, o.placed_on, o.total
FROM orders o JOIN customers c ON c.id = o.customer_id AND c.deleted_at IS NULL
WHERE o.customer_id = $1
ORDER BY o.id;

-- name: OrdersByStatus :many
SELECT id, customer_id, status FROM orders WHERE status = sqlc.arg(status) ORDER BY id;

-- name: SetOrderStatus :exec
UPDATE orders SET status = @status WHERE id = @id;

-- name: OrderNote :one
SELECT id, note FROM orders WHERE id = $1 AND note IS NOT NULL;

-- name: OrderTotals :many
SELECT o.id, sum(i.quantity * i.unit_price) AS computed, count(i.product_id) AS lines
FROM orders o LEFT JOIN order_items i ON i.order_id = o.id
GROUP BY o.id ORDER BY o.id;

-- name: CustomerOrderCounts :many
SELECT c.id, c.email, count(o.id) AS orders, max(o.placed_on) AS last_order
FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
WHERE c.deleted_at IS NULL
GROUP BY c.id, c.email ORDER BY c.id;

-- name: AddOrderItems :copyfrom
INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES ($1, $2, $3, $4);

-- name: ItemsOfOrders :batchmany
SELECT product_id, quantity FROM order_items WHERE order_id = $1 ORDER BY product_id;

-- name: RestockProducts :batchexec
UPDATE products SET stock = stock + @amount WHERE id = @id AND deleted_at IS NULL;

-- name: ProductStock :batchone
SELECT stock FROM products WHERE id = $1 AND deleted_at IS NULL;

-- name: RecentOrders :many
WITH recent AS (
  SELECT id, customer_id, placed_on FROM orders WHERE placed_on >= $1
)
SELECT r.id, c.email, r.placed_on
FROM recent r JOIN customers c ON c.id = r.customer_id
WHERE c.deleted_at IS NULL
ORDER BY r.id;

-- name: StatusSummary :many
SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY status;

-- name: FindCustomerByEmailSuffix :many
-- strata:critical
SELECT id, email FROM customers WHERE email LIKE '%' || $1 AND deleted_at IS NULL;

-- name: OrdersForCustomerCritical :many
-- strata:critical
SELECT id, total FROM orders WHERE customer_id = $1;

-- name: OrdersByNote :many
-- strata:critical
SELECT id FROM orders WHERE note = $1;
