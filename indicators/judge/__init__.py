"""Judging claims: pure verdict rules, measuring readings in the store, results and explanations."""
