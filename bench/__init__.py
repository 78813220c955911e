"""Benchmarks of cityorder's data core (commands, not timed tests): see docs/benchmarks.md."""
