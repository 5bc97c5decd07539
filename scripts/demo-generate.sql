-- A stand-in for pagila's payment table when ../shared/datasets/pagila is not there:
-- the same columns, monthly partitions for 2022-01 .. 2022-07, 16,049 generated payments.
CREATE TABLE public.payment (
    payment_id serial NOT NULL,
    customer_id integer NOT NULL,
    staff_id integer NOT NULL,
    rental_id integer NOT NULL,
    amount numeric(5,2) NOT NULL,
    payment_date timestamptz NOT NULL,
    PRIMARY KEY (payment_date, payment_id)
) PARTITION BY RANGE (payment_date);
DO $$
BEGIN
  FOR m IN 1..7 LOOP
    EXECUTE format('CREATE TABLE public.%I PARTITION OF public.payment FOR VALUES FROM (%L) TO (%L)',
                   format('payment_p2022_%s', lpad(m::text, 2, '0')),
                   make_timestamptz(2022, m, 1, 0, 0, 0, 'UTC'), make_timestamptz(2022, m + 1, 1, 0, 0, 0, 'UTC'));
  END LOOP;
END $$;
INSERT INTO public.payment (customer_id, staff_id, rental_id, amount, payment_date)
SELECT 1 + (g * 7919) % 599, 1 + g % 2, g, round((0.99 + (g * 31) % 1000 / 100.0)::numeric, 2),
       timestamptz '2022-01-24 00:00+00' + (g::double precision / 16049) * (timestamptz '2022-07-27 00:00+00' - timestamptz '2022-01-24 00:00+00')
FROM generate_series(1, 16049) g;
