-- A running job's lease: the worker that claimed it renews it while the job runs, and any
-- worker requeues a running job whose lease has run out (its worker died), whoever claimed
-- it. Before leases, a restart requeued the jobs of its own name, and every instance was
-- called "main". Times are RFC 3339 UTC text, as everywhere, so text order is time order.
ALTER TABLE jobs ADD COLUMN lease_until TEXT;
