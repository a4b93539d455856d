"""The progress bar of `biwu import`, on stderr and only when stderr is a terminal.

A 100,000-row file takes seconds: first it is read and checked as a whole (in a worker
process, all-or-nothing, so there is no row count to show until it is done: the bar pulses),
then it is written in chunks (the bar counts rows). Piped or redirected, stderr gets nothing,
so scripts and logs see only the one result line on stdout. rich is imported only here and
only for a terminal, so `biwu import` still starts with click alone (tests/api/test_cli_startup.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Progress = Callable[[str, int, int | None], None]  # contests.usecases.setup.imports.Progress, without importing the store

STAGES = {"read": "读取并检查 reading and checking", "write": "写入 writing"}


@contextmanager
def import_progress(stream: TextIO | None = None) -> Iterator[Progress | None]:
    """A callback for `import_registrations(progress=…)` drawing a rich bar on `stream`
    (stderr by default), or None when `stream` is not a terminal."""
    stream = stream if stream is not None else sys.stderr
    if not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Bar(*columns, console=Console(file=stream), transient=False) as bar:
        task = bar.add_task(STAGES["read"], total=None)

        def update(stage: str, done: int, total: int | None) -> None:
            bar.update(task, description=STAGES.get(stage, stage), completed=done, total=total)

        yield update


__all__ = ["STAGES", "import_progress"]
