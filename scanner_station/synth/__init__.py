"""Synthetic Vietnamese pages with ground truth, for tests, benchmarks and the demo batch.

Generated data only: never used on real records.
"""
