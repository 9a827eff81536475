"""Tickets: the domain model, its storage and the use cases on top (repository / unit of work)."""
