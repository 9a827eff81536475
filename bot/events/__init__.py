"""The conversation event stream: Rasa's brokers (with mobiles masked), the consumer that writes the
stream into the ticket database (``python -m bot.events``) and the review inbox it feeds."""
