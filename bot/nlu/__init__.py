"""Our Rasa NLU components and the data they are built from.

Importing the package registers the spaCy components of ``bot.nlu.spacy_pipeline``: Rasa imports
``bot.nlu`` for the components named in ``config.yml`` before ``SpacyNLP`` loads that pipeline.
"""

from bot.nlu import spacy_pipeline  # noqa: F401  (registers the spaCy components)
