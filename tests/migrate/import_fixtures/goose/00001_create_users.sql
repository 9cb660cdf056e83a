-- +goose Up
-- +goose StatementBegin
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- +goose StatementEnd

COMMENT ON TABLE users IS 'Accounts; one per email';

-- +goose Down
DROP TABLE IF EXISTS users;
