"""Benchmarks (`make bench`) and the synthetic data they and the query-count tests use."""
