-- up

-- ownership of TABLE app.orders
ALTER TABLE app.orders OWNER TO strata_autogen_admin;

-- ownership of VIEW app.big_orders
ALTER VIEW app.big_orders OWNER TO strata_autogen_admin;

-- down

-- ownership of VIEW app.big_orders
ALTER VIEW app.big_orders OWNER TO strata_autogen_app;

-- ownership of TABLE app.orders
ALTER TABLE app.orders OWNER TO strata_autogen_app;
