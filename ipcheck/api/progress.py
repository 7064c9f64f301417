"""Where an assessment stands: progress per part and measure, completion, score, and what
needs attention — the view `status --format json` prints. The command that runs most
often imports no more than this needs."""

from __future__ import annotations

from ipcheck.core.progress import Progress, progress, status_view
from ipcheck.model.views.status import StatusView
from ipcheck.store.assessment_file import Opened
from ipcheck.store.clock import now


def status(opened: Opened) -> StatusView:
    """Progress per part and measure, completion, score, and what needs attention: what
    `status --format json` prints."""
    opened = opened.fresh()
    return status_view(opened.loaded, progress_of(opened))


def progress_of(opened: Opened) -> Progress:
    """Progress of the assessment as it was opened (the command line opens it for this)."""
    return progress(opened.loaded, opened.checklist, now().date())
