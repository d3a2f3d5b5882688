"""pytest fixtures for mutual-TLS tests with a certkit test CA (entry point ``pytest11``).

Installed with certkit, active in every pytest run, and free when unused: this module imports only
pytest; cryptography and :mod:`certkit.testca` load the first time a fixture runs.

Fixtures:

``certkit_ca``
    a session-scoped :class:`certkit.testca.TestCA` (root + intermediate) in a temporary directory.
``certkit_issue``
    a factory: ``certkit_issue("rgs1-server-client", siren="732829320", cn="...")`` returns an
    :class:`certkit.testca.IssuedCertificate` whose files (``cert_path``, ``key_path``,
    ``chain_path``) are written in the test's temporary directory. A profile that needs a SIREN
    gets a random valid one when none is given.
``certkit_server_cert``
    a TLS server certificate for ``localhost`` and ``127.0.0.1`` (session-scoped).
``certkit_client_cert``
    an ``rgs1-server-client`` certificate (session-scoped).
``certkit_ssl_contexts``
    ``(server_context, client_context)``: the server requires a client certificate from the CA; the
    client presents ``certkit_client_cert`` and trusts the CA root.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import ssl

    from certkit.testca import IssuedCertificate, TestCA


@pytest.fixture(scope="session")
def certkit_ca(tmp_path_factory: pytest.TempPathFactory) -> TestCA:
    """A test CA (EC P-256 root and intermediate) shared by the whole session."""
    from certkit.testca import TestCA

    return TestCA.init(tmp_path_factory.mktemp("certkit-ca") / "ca")


def _issuer(ca: TestCA, directory: Path) -> Callable[..., IssuedCertificate]:
    counter = itertools.count(1)

    def issue(
        profile: str = "rgs1-server-client", siren: str | None = None, **overrides: Any
    ) -> IssuedCertificate:
        from certkit.testca import Profile, load_profile

        prof = profile if isinstance(profile, Profile) else load_profile(profile)
        if siren is None and prof.siren_required:
            siren = "random"
        overrides.setdefault("out", directory / f"{prof.name}-{next(counter)}")
        return ca.issue(prof, siren, **overrides)

    return issue


@pytest.fixture
def certkit_issue(certkit_ca: TestCA, tmp_path: Path) -> Callable[..., IssuedCertificate]:
    """Issue a leaf from a profile: ``certkit_issue(profile, siren=None, **overrides)``."""
    return _issuer(certkit_ca, tmp_path)


@pytest.fixture(scope="session")
def certkit_server_cert(
    certkit_ca: TestCA, tmp_path_factory: pytest.TempPathFactory
) -> IssuedCertificate:
    """A serverAuth certificate for localhost and 127.0.0.1, files written."""
    return certkit_ca.issue_server(out=tmp_path_factory.mktemp("certkit-server") / "server")


@pytest.fixture(scope="session")
def certkit_client_cert(
    certkit_ca: TestCA, tmp_path_factory: pytest.TempPathFactory
) -> IssuedCertificate:
    """An rgs1-server-client certificate with a random valid SIREN, files written."""
    directory = tmp_path_factory.mktemp("certkit-client")
    return certkit_ca.issue("rgs1-server-client", "random", out=directory / "client")


def _full_chain(issued: IssuedCertificate) -> Path:
    assert issued.cert_path is not None
    path = issued.cert_path.with_name(issued.cert_path.stem + "-fullchain.pem")
    if not path.exists():
        path.write_bytes(issued.cert_pem() + issued.chain_pem())
    return path


@pytest.fixture(scope="session")
def certkit_ssl_contexts(
    certkit_ca: TestCA,
    certkit_server_cert: IssuedCertificate,
    certkit_client_cert: IssuedCertificate,
) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """``(server_context, client_context)`` for mutual TLS on 127.0.0.1 / localhost."""
    import ssl

    root = str(certkit_ca.root_path)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(_full_chain(certkit_server_cert), certkit_server_cert.key_path)
    server.load_verify_locations(root)
    server.verify_mode = ssl.CERT_REQUIRED
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.load_verify_locations(root)
    client.load_cert_chain(_full_chain(certkit_client_cert), certkit_client_cert.key_path)
    return server, client
