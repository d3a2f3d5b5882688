"""Expiry and renewal monitor: SQLite inventory, scans, renewal pairing, alerts and exporters.

Modules: :mod:`~certkit.monitor.db` (schema, migrations, transactions), :mod:`~certkit.monitor.scan`
(walk and read files), :mod:`~certkit.monitor.inventory` (read it back),
:mod:`~certkit.monitor.renewals` (successor pairing), :mod:`~certkit.monitor.status` (states,
actions, urgency), :mod:`~certkit.monitor.nagios`, :mod:`~certkit.monitor.prometheus` and
:mod:`~certkit.monitor.notify` (integrations).
"""
