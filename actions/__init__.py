"""Custom actions for the rasa-sdk action server: thin adapters from slots to ``bot``."""
