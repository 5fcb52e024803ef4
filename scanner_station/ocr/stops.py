"""A line's last full stop, where AsterOCR's frames show it and the greedy reading lost it.

A hand's full stop is the smallest mark it makes: AsterOCR sees it at the line's end on a frame or
two, less surely than the blank around it, and greedy decoding (the best character a frame) drops
it (``… kể từ ngày cấp`` for ``… kể từ ngày cấp.``). The ink still supports it: the line with the
stop is nearly as likely under the frames as without it (``ctc.log_likelihood``, every alignment).
Measured on the development hands' pages (sessions 38–41's page sets, upright and leaning: the
hands AsterOCR was trained on, never the held-out hand): of the 13 lines whose stop the reading
lost, 11 were at most 3.14 nats less likely with it (the other two 14.7 and 18.0: no stop in the
ink AsterOCR saw); of the 745 lines with no stop, none was within 4.55 nats (``bench/RESULTS.md``,
session 42). A stop is added where it costs at most ``SLACK`` nats: a mark the ink shows, no word
changed.
"""

from __future__ import annotations

import dataclasses

from .base import LineRead
from .ctc import log_likelihood

#: a line's last full stop is read where the ink supports the line with it this nearly (nats)
SLACK = 3.5


def with_stop(read: LineRead, crop, aster) -> LineRead | None:
    """``read`` (AsterOCR's chosen reading of ``crop``) with a full stop after its last word where
    the frames support it within ``SLACK``; None where it ends with a mark already, has no word,
    or the crop is beyond one AsterOCR pass."""
    text = read.text.rstrip()
    if not text or not text[-1].isalnum() or not read.words:
        return None
    framed = aster.read_frames(crop)
    if framed is None:
        return None
    _, p, chars = framed
    gain = (log_likelihood(p, text + ".", chars, loose_spaces=True)
            - log_likelihood(p, text, chars, loose_spaces=True))
    if not gain >= -SLACK:  # NaN too: a character AsterOCR cannot write
        return None
    last = read.words[-1]
    words = read.words[:-1] + ((last[0] + ".",) + tuple(last[1:]),)
    return dataclasses.replace(read, text=text + ".", words=words, extra={**read.extra, "stop": round(gain, 2)})
