-- current
CREATE TABLE public.order_fulfilment_shipment_tracking_events (id bigint PRIMARY KEY, carrier_reference_number_primary text, carrier_reference_number_secondary text);
-- desired
CREATE TABLE public.order_fulfilment_shipment_tracking_events (id bigint PRIMARY KEY, carrier_reference_number_primary text NOT NULL, carrier_reference_number_secondary text NOT NULL);
