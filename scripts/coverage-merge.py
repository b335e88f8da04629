#!/usr/bin/env python3
"""Merges the release-situation coverage of several ppcosim runs (--coverage-out FILE).

Prints one table, every bin with its hits summed over the runs, and fails unless every bin
was hit at least once, naming each bin that was not. Every file must list the same bins in
the same order (each run writes them all, hit or not): a file that differs is an input error.

usage: coverage-merge.py FILE...
exit status: 0 every bin hit, 1 a bin missed, 2 a file missing, unreadable or malformed
"""
import json
import sys


class InputError(Exception):
    pass


def read_bins(path):
    """The (name, hits) pairs of one coverage file, in order."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        raise InputError(f"cannot read '{path}': {e.strerror}")
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"'{path}' is not JSON: {e}")
    bins = data.get("release_situations") if isinstance(data, dict) else None
    if not isinstance(bins, list) or not bins:
        raise InputError(f"'{path}' has no \"release_situations\" list (not a --coverage-out file)")
    pairs = []
    for i, entry in enumerate(bins):
        name = entry.get("bin") if isinstance(entry, dict) else None
        hits = entry.get("hits") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not isinstance(hits, int) or isinstance(hits, bool) \
                or hits < 0:
            raise InputError(f"'{path}': entry {i + 1} is not {{\"bin\": NAME, \"hits\": N}}")
        pairs.append((name, hits))
    return pairs


def merge(paths):
    names = None
    totals = None
    for path in paths:
        pairs = read_bins(path)
        these = [name for name, _ in pairs]
        if names is None:
            names = these
            totals = [0] * len(names)
        elif these != names:
            missing = [n for n in names if n not in these]
            extra = [n for n in these if n not in names]
            what = (f"lacks bin '{missing[0]}'" if missing else
                    f"has bin '{extra[0]}' the others do not" if extra else
                    "lists the bins in another order")
            raise InputError(f"'{path}' {what} (compared with '{paths[0]}'): the runs are "
                             "from different builds")
        for i, (_, hits) in enumerate(pairs):
            totals[i] += hits
    return names, totals


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print("usage: coverage-merge.py FILE...", file=sys.stderr)
        return 2
    paths = argv[1:]
    try:
        names, totals = merge(paths)
    except InputError as e:
        print(f"coverage-merge: {e}", file=sys.stderr)
        return 2
    width = max(len(n) for n in names)
    print(f"release situations over {len(paths)} run(s):")
    for name, hits in zip(names, totals):
        print(f"  {name:<{width}}  {hits:>8}{'' if hits else '  MISSED'}")
    missed = [n for n, hits in zip(names, totals) if hits == 0]
    hit = len(names) - len(missed)
    print(f"release situations: {hit} of {len(names)} bins hit")
    for name in missed:
        print(f"missed: {name}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
