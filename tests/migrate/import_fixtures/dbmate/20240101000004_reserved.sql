-- migrate:up
-- Reserved: nothing to do.

-- migrate:down
