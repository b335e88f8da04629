"""Command-line value checks shared by the project's Python scripts (standard library only)."""

import argparse


def percent(text):
    """A percentage from 0 to 100, or argparse's usage error (exit status 2) naming the value."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 100.0:
        raise argparse.ArgumentTypeError(f"takes a percentage from 0 to 100, not '{text}'")
    return value
