"""Expiry and renewal monitor: inventory (a SQLite file, or PostgreSQL shared by several hosts),
scans, renewal pairing, alerts and exporters.

Modules: :mod:`~certkit.monitor.store` (the one storage interface) over
:mod:`~certkit.monitor.backend` (where the inventory lives: :mod:`~certkit.monitor.db` for SQLite,
:mod:`~certkit.monitor.postgres` for PostgreSQL) and :mod:`~certkit.monitor.schema` (one migration
history for both); :mod:`~certkit.monitor.scan` (walk and read files),
:mod:`~certkit.monitor.inventory` (what is read back), :mod:`~certkit.monitor.snapshot` (the
inventory at a moment, per host), :mod:`~certkit.monitor.renewals` (successor pairing),
:mod:`~certkit.monitor.status` (states, actions, urgency), :mod:`~certkit.monitor.migrate` (copy
one inventory into another), :mod:`~certkit.monitor.nagios`, :mod:`~certkit.monitor.prometheus`
and :mod:`~certkit.monitor.notify` (integrations).
"""
