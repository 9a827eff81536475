"""What the tests and the benchmarks run the bot with, outside the product: ``servers.py`` starts
its real processes. Not under ``tests/``, because ``bench/`` uses it too."""
