"""Where the quotations are: the spans of the words inside quote marks, and a lookup of the one at an offset."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence


def quotations(text: str, segments: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of the words inside each quotation (“…” or "…"), quote marks left out; a quotation left open
    runs to the end of its paragraph (the next paragraph reopens it).

    >>> t = 'He said “No. Never,” and left. "Fine" she said.\\n“Open'
    >>> [t[a:b] for a, b in quotations(t, ((0, len(t)),))]
    ['No. Never,', 'Fine', 'Open']
    """
    out: list[tuple[int, int]] = []
    for seg_start, seg_end in segments:
        for m in re.finditer(r"[^\n]+", text[seg_start:seg_end]):
            opened: int | None = None
            base = seg_start + m.start()
            for i, c in enumerate(m.group(0)):
                if c == "“" or (c == '"' and opened is None):
                    opened = base + i + 1
                elif c in "”\"" and opened is not None:
                    out.append((opened, base + i))
                    opened = None
            if opened is not None:
                out.append((opened, base + len(m.group(0).rstrip())))
    return sorted(out)


class _Quotes:
    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def at(self, offset: int) -> tuple[int, int] | None:
        """The quotation containing ``offset``, or None."""
        k = bisect.bisect_right(self._starts, offset) - 1
        if k >= 0 and self.spans[k][0] <= offset < self.spans[k][1]:
            return self.spans[k]
        return None
