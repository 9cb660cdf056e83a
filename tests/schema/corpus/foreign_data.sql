-- Foreign data wrappers without an extension, servers with options, user mappings (the
-- password never leaves the database) and an access method for tables.
CREATE FOREIGN DATA WRAPPER dummy_fdw OPTIONS (debug 'true');
CREATE SERVER warehouse TYPE 'postgres' VERSION '15' FOREIGN DATA WRAPPER dummy_fdw
    OPTIONS (host 'warehouse.internal', dbname 'wh');
COMMENT ON SERVER warehouse IS 'The reporting warehouse';
CREATE USER MAPPING FOR PUBLIC SERVER warehouse OPTIONS (user 'reader');
CREATE USER MAPPING FOR CURRENT_USER SERVER warehouse OPTIONS (user 'admin');
CREATE ACCESS METHOD heap_copy TYPE TABLE HANDLER heap_tableam_handler;
COMMENT ON ACCESS METHOD heap_copy IS 'The heap under another name';
