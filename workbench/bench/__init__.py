"""Benchmarks: `python -m workbench.bench NAME …`; ratios against a baseline from the same run."""
