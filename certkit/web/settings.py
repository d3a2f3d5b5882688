"""What a certkit web server is configured with (``certkit web`` options, ``create_app``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from certkit.web.uploads import CERTIFICATE_LIMIT, CSV_LIMIT

# The profiles the syndic page offers (production first); the API accepts any bundled profile.
PAGE_PROFILES = ("registre-coproprietes", "registre-coproprietes-test")


@dataclass(frozen=True, slots=True)
class WebSettings:
    """A server's configuration, fixed at start-up (no state is kept between requests)."""

    profile: str = "registre-coproprietes"
    catalogues: tuple[Path, ...] = ()
    trust: tuple[Path, ...] = ()
    # Missing intermediates are fetched (AIA caIssuers, HTTP) so that an uploaded leaf alone can
    # have its issuer proven; every fetch is bounded by ``timeout`` and results are cached.
    fetch_aia: bool = True
    timeout: float = 5.0
    # A file holding a private key is refused unless this is set: ``certkit web`` sets it when
    # it listens on a loopback address only (a vendor's desktop), or with --accept-private-keys.
    accept_private_keys: bool = False
    root_path: str = ""
    certificate_limit: int = CERTIFICATE_LIMIT
    csv_limit: int = CSV_LIMIT
