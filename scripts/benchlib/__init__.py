"""Benchmark sections for scripts/bench.py, one module per area (``def bench(ctx) -> list[Figure]``)."""
