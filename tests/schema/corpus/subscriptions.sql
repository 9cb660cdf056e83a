-- Subscriptions (created without connecting, as a dump must): options, several publications,
-- no slot, a comment. The connection strings hold no password here: pg_dump would print one
-- verbatim, strata never does (SubscriptionPasswords in introspect_pg_test checks that).
CREATE SUBSCRIPTION sub_orders
    CONNECTION 'host=publisher.internal port=5432 dbname=shop user=replicator'
    PUBLICATION orders, customers
    WITH (connect = false, slot_name = 'orders_slot', binary = true, streaming = on,
          synchronous_commit = 'remote_apply', disable_on_error = true);
COMMENT ON SUBSCRIPTION sub_orders IS 'Orders from the shop';
CREATE SUBSCRIPTION sub_audit CONNECTION 'dbname=audit' PUBLICATION all_changes
    WITH (connect = false, slot_name = NONE);
