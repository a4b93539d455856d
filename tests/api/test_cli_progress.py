"""`biwu import`'s progress bar (issue 15, point 2): drawn on a terminal, nothing otherwise, so a
piped or logged run sees only its result line."""

from __future__ import annotations

import io

from api.cli_progress import STAGES, import_progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_stderr_is_not_a_terminal():
    stream = io.StringIO()
    with import_progress(stream) as progress:
        assert progress is None
    assert stream.getvalue() == ""


def test_a_terminal_sees_reading_then_rows_written():
    stream = Terminal()
    with import_progress(stream) as progress:
        assert progress is not None
        progress("read", 0, None)
        progress("write", 2_000, 4_000)
        progress("write", 4_000, 4_000)
    drawn = stream.getvalue()
    assert STAGES["write"] in drawn and "4000/4000" in drawn
