"""Custom actions for the rasa-sdk action server: thin adapters from slots to ``bot``.

Importing the package (the action server does at start) also masks mobile numbers in the
server's logs and starts the background retry of tickets kept in the outbox.
"""
from bot.logs import install_mobile_masking
from bot.tickets.outbox import start_background_flush

install_mobile_masking()
start_background_flush()
