"""`summary`: the roll-up for a city or a province, many assessments side by side.

Files are found (store/discover.py), loaded one by one by the one loader and
turned into compact rows (core/summary.py) on every core by the batch runner;
rows are cached by content: a second run reads and hashes every byte, and
works out again only the rows whose files changed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from ipcheck.api.summaries import SUMMARY_FORMATS, summarise
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.events import Events, Out, Say
from ipcheck.rules.outputs import output_format
from ipcheck.text.i18n import _, ngettext

Dirs = Sequence[tuple[Path, bool]]
CACHE_BATCH = 2000  # rows written to the cache at a time


def summary(
    paths: Sequence[str],
    dirs: Dirs,
    *,
    fmt: str | None,
    output: Path | None,
    force: bool,
    lag_below: float,
    jobs: int,
    cache: bool,
    width: int,
    on_progress: Callable[[int], None] | None = None,
    period: int | None = None,
    include_flagged: bool = False,
    office_key: str | None = None,
    keys: str | None = None,
    table: str | None = None,
) -> Events:
    """Roll up many assessments; files that cannot be read are listed with their reasons."""
    from ipcheck.render.summary import csv_table, render_text, write_stream
    from ipcheck.render.summary_xlsx import write_xlsx
    from ipcheck.store.clock import now
    from ipcheck.store.writer import atomic_output, atomic_path, check_target

    fmt = output_format(fmt, output, SUMMARY_FORMATS, "text")
    if not 0 <= lag_below <= 1:  # nan passes the option's range: it compares false
        raise InputError(_("--lag-below: give a share from 0 to 1, e.g. 0.6"))
    if table is not None and fmt != "csv":
        raise InputError(
            _("--table picks the one table a CSV holds; the other formats hold every table")
        )
    chosen_table = "matrix" if table is None else csv_table(table)
    check_target(output, force)
    if fmt == "xlsx" and output is None:
        raise InputError(_("--format xlsx needs -o FILE.xlsx"))
    generated = now().isoformat()
    result = summarise(
        paths,
        dirs,
        jobs,
        on_progress,
        cache=cache,
        period=period,
        include_flagged=include_flagged,
        office_key=office_key,
        keys=keys,
    )
    for bad in result.bad:
        yield Say(_("ipcheck: skipped {path}: {reason}").format(path=bad.path, reason=bad.reason))
    for row in result.rows:
        if row.review_note is not None:  # ranked at its self-assessed score
            yield Say(
                _(
                    "{path}: its review is not counted ({reason}); ranked at its self-assessed "
                    "score"
                ).format(path=row.path, reason=row.review_note),
                "warning",
            )
    if result.other_periods and result.rows:
        yield Say(
            _("rolled up {period}; also found {others}: summary --period YEAR rolls one up").format(
                period=result.period,
                others="、".join(
                    ngettext("{year} ({count} file)", "{year} ({count} files)", count).format(
                        year=year, count=count
                    )
                    for year, count in result.other_periods
                ),
            )
        )
    if not result.rows and period is not None and result.other_periods:
        raise InputError(_("no assessment of {period} among the files").format(period=period))
    if not result.rows:
        if result.bad:
            raise InputError(_("no assessment could be summarised"))
        raise InputError(_("no assessment could be summarised (no files found)"))
    if fmt == "xlsx":
        assert output is not None
        with atomic_path(output) as tmp:
            write_xlsx(result, tmp, lag_below)
    elif fmt == "text" and output is None:
        yield Out(render_text(result, lag_below, width))
    elif output is not None:
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"  # Excel reads the BOM
        with atomic_output(output, encoding=encoding) as stream:
            write_stream(result, fmt, stream, generated, lag_below, chosen_table)
    else:
        buffer = io.StringIO()
        if fmt == "csv":
            buffer.write("\ufeff")
        write_stream(result, fmt, buffer, generated, lag_below, chosen_table)
        yield Out(buffer.getvalue())
    yield Say(
        _("{count} assessments summarised, {skipped} skipped").format(
            count=len(result.rows), skipped=len(result.bad)
        )
    )
    uncounted = any(row.review_note is not None for row in result.rows)
    return ExitCode.PROBLEMS if result.bad or uncounted else ExitCode.OK
