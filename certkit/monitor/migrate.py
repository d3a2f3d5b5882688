"""``monitor migrate``: copy one host's inventory (usually its SQLite file) into a shared one
(usually PostgreSQL), without duplicating what the shared one already holds.

The source is read as it is (read-only; an inventory older than host labels is read too, its
files belonging to ``--host-label`` or this machine's host name); the target is created or
upgraded, then everything is merged in one transaction (:meth:`certkit.monitor.store.Store.merge`):
nothing is written half-way, and running the same migration again copies nothing. Either side can
be either back end (a shared inventory can be copied back into a file, too).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from certkit.errors import InputError
from certkit.monitor.backend import Target
from certkit.monitor.store import MergeResult, open_store


@dataclass(frozen=True, slots=True)
class Migration:
    """What a migration copied: ``hosts`` are the host labels of the copied files."""

    source: str
    target: str
    hosts: tuple[str, ...]
    result: MergeResult


def same_inventory(a: Target, b: Target) -> bool:
    if a.kind != b.kind:
        return False
    if a.path is not None and b.path is not None:
        return os.path.realpath(a.path) == os.path.realpath(b.path)
    return a.label == b.label


def migrate(source: Target, target: Target, host_label: str | None = None) -> Migration:
    """Copy ``source`` into ``target``; with ``host_label``, the source's files are recorded under
    that label (a source holding several hosts keeps its own labels and refuses one)."""
    if same_inventory(source, target):
        raise InputError("monitor.migrate_same", source=source.label)
    with open_store(source, readonly=True) as store:
        dump = store.dump()
        legacy = store.legacy_host if store.version < 3 else None
    hosts = dump.hosts
    if host_label is not None:
        if len(hosts) > 1:
            raise InputError(
                "monitor.migrate_several_hosts", source=source.label, hosts=", ".join(hosts)
            )
        dump.relabel(host_label)
        hosts = dump.hosts or [host_label]
    elif legacy is not None and not hosts:
        hosts = [legacy]
    with open_store(target, create=True, host=host_label or legacy) as store:
        result = store.merge(dump)
    return Migration(source.label, target.label, tuple(hosts), result)
