"""Where ipcheck's output goes: a reader that stops reading (`| head`) ends the command
without a word, with the exit code a shell gives a program whose reader has gone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
