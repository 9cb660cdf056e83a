-- up

-- column public.order_fulfilment_shipment_tracking_events.carrier_reference_number_primary not null
ALTER TABLE public.order_fulfilment_shipment_tracking_events ALTER COLUMN carrier_reference_number_primary SET NOT NULL;

-- column public.order_fulfilment_shipment_tracking_events.carrier_reference_number_secondary not null
ALTER TABLE public.order_fulfilment_shipment_tracking_events ALTER COLUMN carrier_reference_number_secondary SET NOT NULL;

-- down

-- column public.order_fulfilment_shipment_tracking_events.carrier_reference_number_secondary not null
ALTER TABLE public.order_fulfilment_shipment_tracking_events ALTER COLUMN carrier_reference_number_secondary DROP NOT NULL;

-- column public.order_fulfilment_shipment_tracking_events.carrier_reference_number_primary not null
ALTER TABLE public.order_fulfilment_shipment_tracking_events ALTER COLUMN carrier_reference_number_primary DROP NOT NULL;
