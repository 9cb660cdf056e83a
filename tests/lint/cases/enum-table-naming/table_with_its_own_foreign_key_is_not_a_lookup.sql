-- expect: nothing
-- setup
CREATE TABLE owners (id bigint PRIMARY KEY);
CREATE TABLE plans (code text PRIMARY KEY, owner_id bigint REFERENCES owners);
CREATE TABLE subscriptions (id bigint PRIMARY KEY, plan text REFERENCES plans);
