"""Custom actions for the rasa-sdk action server: thin adapters from slots to ``bot``.

Importing the package (the action server does at start) also loads the knowledge base (a
broken knowledge file stops the server at once), masks mobile numbers in the server's logs and
starts the background retry of tickets kept in the outbox.
"""

from bot.knowledge import get_knowledge
from bot.logs import install_mobile_masking
from bot.tickets.outbox import start_background_flush

get_knowledge()
install_mobile_masking()
start_background_flush()
