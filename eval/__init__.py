"""The NLU evaluation, outside the product: `python -m eval` (`make nlu-eval`); other pipelines in
configs/, the real-customer test sets in corpora.py. Its modules: docs/architecture.md."""
