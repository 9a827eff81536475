"""Benchmarks: run them with make bench; they print their figures and write JSON."""
