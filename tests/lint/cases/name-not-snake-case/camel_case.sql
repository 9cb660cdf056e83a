-- expect: name-not-snake-case public.UserAccounts
-- expect: name-not-snake-case public.UserAccounts.firstName
-- setup
CREATE TABLE "UserAccounts" (id bigint PRIMARY KEY, "firstName" text);
