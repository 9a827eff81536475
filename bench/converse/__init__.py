"""make converse: simulated customers with goals against the real bot (issue 19)."""
