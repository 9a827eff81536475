"""Service-desk analytics over the event stream and the tickets (``bin/staff report``)."""
