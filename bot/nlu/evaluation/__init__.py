"""The NLU benchmark: ``python -m bot.nlu.evaluation`` (``make nlu-eval``).

Every variant is trained on ``data/nlu`` only and scored on the held-out messages of
``tests/nlu/test_nlu.yml``: intent accuracy, macro-F1, per-intent scores, the worst confusions,
strict entity scores (same type, same start and end), training time and parse time.

Variants:

- ``ours``: the NLU pipeline of ``config.yml``;
- one Rasa variant per ``eval/configs/<name>.yml`` (``rasa_default``: the recipe of ``rasa init``);
  add a file there to compare another pipeline, no code needed;
- ``tfidf_lr``: character 1–3-gram TF-IDF and logistic regression (intents only).

Modules: ``paths`` (where data, configs and results live), ``examples`` (test messages and
predictions), ``metrics`` (pure scoring functions), ``variant`` (what a variant is),
``rasa_variants`` and ``baseline`` (the variants), ``runner`` (train, time and score one
variant), ``report`` (tables and JSON); ``calibrate`` (``make nlu-thresholds``: the fallback
thresholds by cross-validation on the training data) with ``fallback_costs`` (what each outcome of
a threshold pair costs the customer); ``compare`` (a candidate pipeline's cross-validation against
the current one's, message for message).
"""
