"""Tools for the service staff who work the tickets."""
