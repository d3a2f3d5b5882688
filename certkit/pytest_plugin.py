"""pytest fixtures for mutual-TLS tests with a certkit test CA (entry point ``pytest11``).

Installed with certkit, active in every pytest run, and free when unused: this module imports only
pytest; cryptography, :mod:`certkit.testca` and the platform load the first time a fixture runs.

Fixtures (README.md, "In your own test suite", documents each attribute):

``certkit_ca`` (session)
    a :class:`certkit.testca.TestCA` (root + intermediate) in a temporary directory:
    ``directory`` (also ``os.fspath(certkit_ca)``), ``root_path``, ``chain_path``,
    ``configure_trust(ctx)``, ``issue(...)``, ``sign(...)``, ``revoke(...)``.
``certkit_issue`` (function)
    a factory: ``certkit_issue("rgs1-server-client", siren=None, **overrides)`` returns an
    :class:`certkit.testca.IssuedCertificate` whose files (``cert_path``, ``key_path``,
    ``chain_path``, ``fullchain_path``) are written in the test's temporary directory. A
    profile that needs a SIREN gets a random valid one when none is given.
``certkit_server_cert`` (session)
    a TLS server certificate for ``localhost`` and ``127.0.0.1``.
``certkit_client_cert`` (session)
    an ``rgs1-server-client`` certificate with a random valid SIREN.
``certkit_ssl_contexts`` (session)
    ``(server_context, client_context)``: the server requires a client certificate from the CA;
    the client presents ``certkit_client_cert`` and trusts the CA root.
``certkit_platform`` (session)
    the registry's mTLS front door (``certkit platform serve``) running in this process on
    127.0.0.1 and a free port, trusting ``certkit_ca``, with ``certkit_client_cert`` registered
    in slot 1 of its SIREN's account: a :class:`CertkitPlatform`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import ssl

    from cryptography import x509

    from certkit.platform.app import Platform, Registration
    from certkit.testca import IssuedCertificate, SignedCertificate, TestCA


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


@pytest.fixture(scope="session")
def certkit_ssl_contexts(
    certkit_ca: TestCA,
    certkit_server_cert: IssuedCertificate,
    certkit_client_cert: IssuedCertificate,
) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """``(server_context, client_context)`` for mutual TLS on 127.0.0.1 / localhost."""
    import ssl

    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certkit_server_cert.configure_cert(server)
    certkit_ca.configure_trust(server)
    server.verify_mode = ssl.CERT_REQUIRED
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    certkit_ca.configure_trust(client)
    certkit_client_cert.configure_cert(client)
    return server, client


class CertkitPlatform:
    """The running registry stand-in of the ``certkit_platform`` fixture.

    ``url`` (``https://127.0.0.1:PORT``), ``port``, ``ca_bundle_path`` (the CA to verify the
    server with), ``client`` (the registered :class:`~certkit.testca.IssuedCertificate`),
    ``accounts_path``, ``access_log`` (the JSON log entries so far); :meth:`register` fills an
    account slot (seen by the next request), :meth:`reset` goes back to the starting accounts,
    :meth:`client_context` gives an ``ssl`` context presenting a certificate.
    """

    def __init__(
        self,
        platform: Platform,
        ca: TestCA,
        client: IssuedCertificate,
        accounts_path: Path,
        log: list[dict[str, Any]],
    ) -> None:
        self._platform = platform
        self._ca = ca
        self.client = client
        self.accounts_path = accounts_path
        self._log = log
        self._initial = accounts_path.read_bytes()

    @property
    def url(self) -> str:
        return self._platform.url

    @property
    def port(self) -> int:
        return self._platform.port

    @property
    def ca_bundle_path(self) -> Path:
        """The test CA's root (PEM): what clients verify the server certificate with."""
        return self._ca.root_path

    @property
    def access_log(self) -> list[dict[str, Any]]:
        """A copy of the access log so far: one dict per request or refused handshake. Read
        right after a request, it holds that request's entry: it first waits (at most a second)
        for the connections being handled to be logged — a refused client can see the alert
        before the server has written why."""
        self._platform.server.settle(1.0)
        return list(self._log)

    def register(
        self,
        certificate: SignedCertificate | x509.Certificate | Path | str,
        siren: str | None = None,
        slot: int = 1,
        *,
        check_siren: bool = True,
    ) -> Registration:
        """Fill ``slot`` of account ``siren`` (default: the certificate's SIREN) with the
        certificate's DNs, as ``certkit platform register`` does; the server sees it at once."""
        from certkit.platform.app import register_certificate
        from certkit.platform.authz import certificate_siren
        from certkit.tls import certificate_names

        cert = _certificate(certificate)
        if siren is None:
            siren = certificate_siren(certificate_names(cert)[0])
            if siren is None:
                from certkit.errors import InputError

                raise InputError("platform.register_no_siren", path=str(certificate))
        done = register_certificate(
            self.accounts_path, siren, slot, cert, check_siren=check_siren, source=str(certificate)
        )
        self._platform.reload("register")
        return done

    def reset(self) -> None:
        """Back to the accounts the session started with (only ``client`` registered)."""
        self.accounts_path.write_bytes(self._initial)
        self._platform.reload("reset")

    def client_context(self, certificate: IssuedCertificate | None = None) -> ssl.SSLContext:
        """An ``ssl`` client context trusting the CA and presenting ``certificate`` (default:
        ``client``): pass it as ``verify=`` to httpx, ``ssl=`` to aiohttp."""
        import ssl

        context = ssl.create_default_context(cafile=str(self.ca_bundle_path))
        (certificate or self.client).configure_cert(context)
        return context


def _certificate(value: Any) -> x509.Certificate:
    from cryptography import x509

    if isinstance(value, x509.Certificate):
        return value
    found = getattr(value, "certificate", None)
    if isinstance(found, x509.Certificate):
        return found
    from certkit.errors import InputError
    from certkit.sources import load_path

    bundle = load_path(Path(value))
    leaf = bundle.leaf or (bundle.certificates[0] if bundle.certificates else None)
    if leaf is None:
        raise InputError("platform.register_no_certificate", path=str(value))
    return leaf


@pytest.fixture(scope="session")
def certkit_platform(
    certkit_ca: TestCA,
    certkit_client_cert: IssuedCertificate,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[CertkitPlatform]:
    """The registry's mTLS front door on 127.0.0.1 (a free port) for the whole session."""
    from certkit.platform.app import Platform, register_certificate
    from certkit.platform.material import from_ca_dir
    from certkit.platform.server import ServerConfig

    directory = tmp_path_factory.mktemp("certkit-platform")
    accounts = directory / "accounts.toml"
    assert certkit_client_cert.siren is not None
    register_certificate(accounts, certkit_client_cert.siren, 1, certkit_client_cert.certificate)
    log: list[dict[str, Any]] = []
    platform = Platform(
        from_ca_dir(certkit_ca.directory),
        ServerConfig(host="127.0.0.1", port=0, workers=8),
        log.append,
        accounts_path=accounts,
    ).start()
    try:
        yield CertkitPlatform(platform, certkit_ca, certkit_client_cert, accounts, log)
    finally:
        platform.stop()
