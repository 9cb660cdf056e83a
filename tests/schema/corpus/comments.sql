-- Comments on every commentable object of a schema that other corpus files do not comment:
-- domain constraints, composite type attributes, sequences, indexes, constraints, triggers,
-- policies, rules, view columns, materialized views and their indexes, enums, functions.
CREATE SCHEMA notes;
COMMENT ON SCHEMA notes IS 'Everything here is commented';
CREATE DOMAIN notes.percent AS numeric CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 100)
    CONSTRAINT percent_scale CHECK (scale(VALUE) <= 2);
COMMENT ON DOMAIN notes.percent IS 'A percentage';
COMMENT ON CONSTRAINT percent_range ON DOMAIN notes.percent IS 'From 0 to 100';
CREATE TYPE notes.money_amount AS (amount numeric, currency char(3));
COMMENT ON TYPE notes.money_amount IS 'An amount of money';
COMMENT ON COLUMN notes.money_amount.currency IS 'ISO 4217 code';
CREATE TYPE notes.status AS ENUM ('open', 'closed');
COMMENT ON TYPE notes.status IS 'Lifecycle';
CREATE SEQUENCE notes.ticket_numbers;
COMMENT ON SEQUENCE notes.ticket_numbers IS 'Ticket numbers';
CREATE TABLE notes.tickets (
    id integer PRIMARY KEY DEFAULT nextval('notes.ticket_numbers'),
    status notes.status NOT NULL,
    discount notes.percent,
    price notes.money_amount,
    CONSTRAINT tickets_discount_small CHECK (discount < 50)
);
COMMENT ON TABLE notes.tickets IS 'Support tickets';
COMMENT ON COLUMN notes.tickets.status IS 'Where the ticket is';
COMMENT ON CONSTRAINT tickets_pkey ON notes.tickets IS 'The ticket id';
COMMENT ON CONSTRAINT tickets_discount_small ON notes.tickets IS 'No big discounts';
CREATE INDEX tickets_status ON notes.tickets (status);
COMMENT ON INDEX notes.tickets_status IS 'Open tickets first';
CREATE FUNCTION notes.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
COMMENT ON FUNCTION notes.touch() IS 'Does nothing yet';
CREATE TRIGGER tickets_touch BEFORE UPDATE ON notes.tickets FOR EACH ROW
    EXECUTE FUNCTION notes.touch();
COMMENT ON TRIGGER tickets_touch ON notes.tickets IS 'Touches the row';
ALTER TABLE notes.tickets ENABLE ROW LEVEL SECURITY;
CREATE POLICY tickets_open ON notes.tickets USING (status = 'open');
COMMENT ON POLICY tickets_open ON notes.tickets IS 'Only open tickets';
CREATE RULE tickets_no_delete AS ON DELETE TO notes.tickets DO INSTEAD NOTHING;
COMMENT ON RULE tickets_no_delete ON notes.tickets IS 'Tickets are never deleted';
CREATE VIEW notes.open_tickets AS SELECT id, status FROM notes.tickets WHERE status = 'open';
COMMENT ON VIEW notes.open_tickets IS 'Open tickets';
COMMENT ON COLUMN notes.open_tickets.id IS 'The ticket';
CREATE MATERIALIZED VIEW notes.ticket_counts AS
    SELECT status, count(*) AS n FROM notes.tickets GROUP BY status WITH NO DATA;
COMMENT ON MATERIALIZED VIEW notes.ticket_counts IS 'Counts per status';
CREATE UNIQUE INDEX ticket_counts_status ON notes.ticket_counts (status);
COMMENT ON INDEX notes.ticket_counts_status IS 'One row per status';
