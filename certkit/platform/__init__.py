"""A local stand-in of the registry's mutual-TLS front door.

- :mod:`certkit.platform.accounts` — the accounts file (TOML): per account a SIREN and two
  certificate slots, each a registered subject DN and issuer DN, like the registry's account form;
- :mod:`certkit.platform.authz` — the registry's authorisation rule after TLS verification;
- :mod:`certkit.platform.endpoints` — ``GET /``, ``GET /whoami`` and the seven webservices WS1…WS7;
- :mod:`certkit.platform.server` — the HTTPS server: pyOpenSSL for TLS, h11 for HTTP/1.1.
"""
