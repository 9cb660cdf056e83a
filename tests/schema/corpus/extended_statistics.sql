-- Extended statistics (dependencies, ndistinct, mcv, expressions) with a statistics target,
-- in another schema than their table.
CREATE SCHEMA st;
CREATE TABLE public.addresses (id int PRIMARY KEY, city text, zip text, country text);
CREATE STATISTICS st.addr_deps (dependencies, ndistinct) ON city, zip FROM public.addresses;
CREATE STATISTICS st.addr_mcv (mcv) ON country, city FROM public.addresses;
CREATE STATISTICS public.addr_expr ON lower(city), country FROM public.addresses;
ALTER STATISTICS st.addr_mcv SET STATISTICS 500;
COMMENT ON STATISTICS st.addr_deps IS 'City determines zip';
