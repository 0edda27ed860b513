"""What the command line prints to a terminal: control characters escaped, whoever printed them.

A manifest's reference, a claimant's name or a record's path may carry escape sequences that
clear the screen or retitle the terminal when printed raw. Every line ``reviewer`` prints goes
through ``sys.stdout`` or ``sys.stderr`` (its own prints, argparse's usage errors, the report
commands'), so ``escaped_output`` wraps both streams while a command runs: one function
(``terminal_safe``) sees every character, and no print site can forget it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# C0 controls except tab and newline (kept: they lay out tables and lines), DEL, C1 controls
# (U+009B is a one-character CSI on some terminals), and the bidirectional overrides and
# isolates that make a terminal show text in another order than it is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every character that could steer a terminal written as a visible escape (``\\x1b``)."""
    return _UNSAFE.sub(_escape, text)


def json_text_safe(text: str) -> str:
    """JSON text with the controls JSON leaves raw (DEL, C1, bidi) written as ``\\uXXXX``: the same value.

    ``json.dumps`` escapes U+0000-U+001F itself; with ``ensure_ascii=False`` it keeps the rest raw.
    Outside strings JSON has only ASCII punctuation, so every match is inside a string.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _SafeStream:
    """A text stream that writes ``terminal_safe`` text to the stream it wraps."""

    def __init__(self, wrapped: TextIO) -> None:
        self.wrapped = wrapped

    def write(self, text: str) -> int:
        self.wrapped.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        # flush, isatty, encoding, fileno and the rest are the wrapped stream's own.
        return getattr(self.wrapped, name)


@contextmanager
def escaped_output() -> Iterator[None]:
    """While inside, everything written to ``sys.stdout`` and ``sys.stderr`` is ``terminal_safe``."""
    saved_out, saved_err = sys.stdout, sys.stderr
    safe_out, safe_err = _SafeStream(saved_out), _SafeStream(saved_err)
    sys.stdout, sys.stderr = safe_out, safe_err
    try:
        yield
    finally:
        # A command may have replaced a stream itself (stdout to /dev/null after a broken pipe): keep that.
        if sys.stdout is safe_out:
            sys.stdout = saved_out
        if sys.stderr is safe_err:
            sys.stderr = saved_err
