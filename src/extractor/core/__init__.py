"""Domain model and rules, in pure Python: no Qt, no SQL."""
