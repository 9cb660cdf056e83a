-- expect: nothing
-- setup
CREATE TABLE UserAccounts (id bigint PRIMARY KEY, FirstName text);
