"""The batch runner (store/batch.py): results in order, on every core, and a caller that
stops early waits for none of the work it no longer wants."""

from __future__ import annotations

from pathlib import Path

from ipcheck.store import batch


def _mark(item: tuple[Path, int], context: None) -> int:
    """One item's work, leaving a trace of itself (the workers are other processes)."""
    folder, n = item
    (folder / str(n)).touch()
    return n


def _no_context() -> None:
    return None


def test_results_come_in_order_on_one_core_and_on_two(tmp_path: Path) -> None:
    task = batch.Task(_mark, _no_context, ())
    items = [(tmp_path, n) for n in range(300)]
    assert list(batch.run(task, items, 1)) == list(range(300))
    assert list(batch.run(task, items, 2)) == list(range(300))


def test_a_caller_that_stops_early_leaves_the_rest_undone(tmp_path: Path) -> None:
    """`ipcheck validate | head` over thousands of files: once the reader has gone, the
    chunks not begun are dropped, not worked through before the command can end."""
    task = batch.Task(_mark, _no_context, ())
    items = [(tmp_path, n) for n in range(20_000)]
    results = batch.run(task, items, 2)
    assert next(results) == 0
    results.close()  # what a loop that stops does to the generator
    done = len(list(tmp_path.iterdir()))
    assert done < len(items) // 2, done
