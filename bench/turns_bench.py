"""Speed of speaker-turn recognition: a 200,000-character transcript in well under 50 ms.

    python bench/turns_bench.py [--rounds 5]

Times :func:`qcode.importers.turns.find_turns` (default patterns) on a synthetic transcript of
200,000 characters (labels in every style, prose with colons, times, URLs, Arabic), on one
laid out as a table (speaker, tab, words), and on
adversarial texts of the same length (every line a near-label, every line a label, every line
a table row, every line prose with a tab, only newlines). The best of ``--rounds`` is kept;
the transcript must take less than GOAL_MS, the adversarial texts less than four times that.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qcode.importers.turns import find_turns  # noqa: E402

SIZE = 200_000
GOAL_MS = 50.0
_LABELS = ["Interviewer:", "Expert 07:", "[00:12:03] E07:", "Dr. Salma (00:13:10):", "Q:", "A:",
           "المحاور:", "الخبير:"]
_PROSE = ("the portal is slow: we waited until 10:30 and http://example.org was down; "
          "الحكومة الإلكترونية والخدمات the ministry said this: nothing")
_WORDS = _PROSE.split()


def transcript(rng: random.Random) -> str:
    parts = ["Date: 14 April 2025\nLocation: Tripoli\nDuration: 55 minutes\n"]
    size = len(parts[0])
    while size < SIZE:
        para = f"{rng.choice(_LABELS)} {' '.join(rng.choices(_WORDS, k=rng.randint(10, 120)))}"
        if rng.random() < 0.3:
            para += "\n\n" + " ".join(rng.choices(_WORDS, k=40)).capitalize()
        parts.append(para)
        size += len(para) + 2
    return "\n\n".join(parts)[:SIZE]


def table_transcript(rng: random.Random) -> str:
    """A transcript laid out as a table: speaker (maybe with a time) | words, one row a line."""
    labels = ["Interviewer", "E07", "E07 [00:12:03]", "[00:13:10]\tDr. Salma", "المحاور"]
    rows, size = ["Speaker\tText"], 0
    while size < SIZE:
        row = f"{rng.choice(labels)}\t{' '.join(rng.choices(_WORDS, k=rng.randint(10, 120)))}"
        rows.append(row)
        size += len(row) + 1
    return "\n".join(rows)[:SIZE]


def best_ms(text: str, rounds: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(rounds):
        start = time.perf_counter()
        count = len(find_turns(text))
        times.append((time.perf_counter() - start) * 1000)
    return min(times), count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = [
        ("transcript", transcript(random.Random(7)), GOAL_MS),
        ("table", table_transcript(random.Random(7)), GOAL_MS),
        ("near-labels", ("Abcdefghij Abcdefghij Abcdefgh no colon on this line\n" * 4000)[:SIZE],
         4 * GOAL_MS),
        ("short lines", ("A b\n" * (SIZE // 4)), 4 * GOAL_MS),
        ("all labels", ("Ab: x\n" * (SIZE // 6)), 4 * GOAL_MS),
        ("table rows", ("Ab\tx\nCd\ty\n" * (SIZE // 10)), 4 * GOAL_MS),
        ("tabbed prose", ("Abcdefghij abcdefghij\tabcdefgh no speaker on this line\n"
                          * 4000)[:SIZE], 4 * GOAL_MS),
        ("newlines", "\n" * SIZE, 4 * GOAL_MS),
    ]
    ok = True
    for name, text, goal in cases:
        ms, count = best_ms(text, args.rounds)
        verdict = "ok" if ms < goal else "TOO SLOW"
        ok &= ms < goal
        print(f"{name:12} {len(text):>8} chars {count:>6} turns {ms:8.2f} ms  "
              f"(goal < {goal:.0f} ms) {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
