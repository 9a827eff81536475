"""Evaluation inputs beside the NLU benchmark: other pipelines (configs/) and the real-customer test sets (corpora.py)."""
