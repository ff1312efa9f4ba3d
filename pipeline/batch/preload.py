"""Imported once by the worker pool's fork server, before any worker is forked from it.

Loading the dictionaries and models here means every worker starts warm and shares those memory
pages with its siblings (copy-on-write) instead of loading its own copy; a worker that replaces
a stopped one is ready at once.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

try:
    from pipeline.batch.worker import warm

    warm()
except Exception:  # noqa: BLE001 - the fork server must live: each worker then warms itself
    log.warning("could not preload dictionaries in the fork server", exc_info=True)
