"""Where ipcheck's output goes: a reader that stops reading (`| head`) ends the command
without a word, with the exit code a shell gives a program whose reader has gone."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.table import Table

from ipcheck.cli.base import EXIT_READER_GONE
from tests.helpers import EXAMPLES


@pytest.mark.skipif(os.name == "nt", reason="a POSIX pipe's end closed under a writer")
def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path: Path) -> None:
    for n in range(12):  # about 200 KB of warnings, file by file: more than a pipe holds
        shutil.copytree(EXAMPLES / "counties", tmp_path / "received" / str(n))
    env = {**os.environ, "IPCHECK_LANG": "zh", "IPCHECK_CACHE_DIR": str(tmp_path / "c")}
    process = subprocess.Popen(
        [sys.executable, "-m", "ipcheck", "validate", "--jobs", "1", str(tmp_path / "received")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        bufsize=0,  # read 10 bytes, not what a buffer takes: the rest waits in the pipe
    )
    assert process.stdout is not None and process.stderr is not None
    assert len(process.stdout.read(10)) == 10
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == EXIT_READER_GONE
    assert err == b""


class _ClosedPipe(io.StringIO):
    """A stdout whose reader has gone: every write is refused as the system refuses it."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("payload", ["text\n", Table("列")], ids=["text", "a rich table"])
def test_every_kind_of_output_ends_alike_when_the_reader_has_gone(
    payload: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text, a view as JSON and a rich table (diff's) are refused alike: rich's own answer
    (exit 1) would make one command end unlike the others."""
    from ipcheck.cli.base import ReaderGone, play
    from ipcheck.errors import ExitCode
    from ipcheck.model.events import Events, Out

    def events() -> Events:
        yield Out(payload)
        return ExitCode.OK

    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    with pytest.raises(ReaderGone):
        play(events())
