"""Counters tests add to, printed as one `security summary` line at the end of the run.

A test records what it proved with `count("browser journeys passed")`; later kinds of
checks (routes x roles, fuzz cases) add their own names. Only counters that moved print.
"""
from collections import Counter

COUNTERS: Counter = Counter()


def count(name: str, n: int = 1) -> None:
    """Add `n` to the counter `name`."""
    COUNTERS[name] += n


def line() -> str | None:
    """`security summary: a: 1, b: 2`, or None when no counter moved."""
    if not COUNTERS:
        return None
    return "security summary: " + ", ".join(f"{name}: {n}" for name, n in sorted(COUNTERS.items()))
