"""Benchmark sections for scripts/bench.py, one module per area: ``bench(ctx) -> list[Figure]``."""
