"""Channels: thin adapters between a wire format and Rasa's UserMessage. No logic of their own."""
