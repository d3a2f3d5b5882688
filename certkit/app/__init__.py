"""The application layer: one module per user task (check, inspect, registration, dn-match).

Interfaces — the command line (:mod:`certkit.cli`), the web application (:mod:`certkit.web`) and
the pytest plugin — are thin adapters over these modules: they parse their input, call them, and
print or answer what they return. Nothing here prints, exits or knows about HTTP.
"""
