"""Benchmarks: each prints its result as a ratio against a reference measured in the same run."""
