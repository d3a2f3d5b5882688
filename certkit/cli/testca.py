"""`certkit testca ...` — a test PKI on disk: init, issue, sign, revoke, crl, list, profiles,
serve."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from certkit import names
from certkit.cli.common import (
    complete_test_profiles,
    handle_errors,
    json_option,
    lang_option,
    password_options,
    password_provider,
    print_json,
    progress_bar,
    renamed_option,
    resolve_lang,
)
from certkit.errors import InputError
from certkit.i18n import t

if TYPE_CHECKING:
    from cryptography import x509

    from certkit.testca import SignedCertificate

F = TypeVar("F", bound=Callable[..., Any])

_DIR = click.Path(file_okay=False, path_type=Path)
# Not click's exists=True: certkit says what is wrong with a folder the way it says it for files.
_EXISTING_DIR = click.Path(file_okay=False, path_type=Path)


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def prefix_option(help: str) -> Callable[[F], F]:
    """``-o/--output PREFIX`` (the old ``--out`` still works): the files are PREFIX.pem and
    its siblings, so ``-`` has no meaning here."""

    def decorate(func: F) -> F:
        path = click.Path(dir_okay=False, path_type=Path)
        func = renamed_option("--out", "output", "-o/--output", type=path, default=None)(func)
        return click.option(
            "-o", "--output", "output", metavar="PREFIX", type=path, default=None, help=help
        )(func)

    return decorate


_test_profile_option = click.option(
    "--profile",
    "profile",
    required=True,
    shell_complete=complete_test_profiles,
    help="Profile name or .toml file.",
)
_profile_dir_option = click.option(
    "--profile-dir",
    "profile_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory of extra profile files (searched before the bundled ones; repeatable).",
)


@click.group("testca")
def testca_group() -> None:
    """Test PKI: create a CA, issue certificates from profiles, revoke, publish a CRL.

    \b
    certkit testca init ./ca
    certkit testca issue ./ca --profile rgs1-server-client --siren random -o syndic
    certkit testca sign ./ca --csr vendor.csr --profile rgs1-server-client -o vendor
    certkit testca revoke ./ca syndic.pem --reason key_compromise
    certkit testca crl ./ca
    """


@testca_group.command("init")
@click.argument("directory", type=_DIR)
@click.option("--name", default="certkit Test CA", show_default=True, help="CA name (in CNs).")
@click.option(
    "--key-type",
    type=click.Choice(["ec-p256", "ec-p384", "rsa-2048", "rsa-3072", "rsa-4096"]),
    default="ec-p256",
    show_default=True,
    help="Key type of the root and intermediate.",
)
@click.option(
    "--no-intermediate",
    is_flag=True,
    help="Issue leaves directly from the root (default: root → intermediate → leaves).",
)
@click.option(
    "--base-url",
    default="http://127.0.0.1:8889",
    show_default=True,
    help="Base of the OCSP / CRL / caIssuers URLs written into leaves.",
)
@json_option
@lang_option
@handle_errors
def init_command(
    directory: Path,
    name: str,
    key_type: str,
    no_intermediate: bool,
    base_url: str,
    as_json: bool,
    lang: str | None,
) -> None:
    """Create a test CA in DIRECTORY (new or empty)."""
    from certkit.testca import TestCA

    lang = resolve_lang(lang)
    ca = TestCA.init(
        directory, name=name, key_type=key_type, intermediate=not no_intermediate, base_url=base_url
    )
    files = {role: str(ca.path(role)) for role in ca.manifest["files"]}
    if as_json:
        print_json(
            {
                "directory": str(directory),
                "name": name,
                "key_type": key_type,
                "root_subject": names.rfc4514(ca.root.subject),
                "issuer_subject": names.rfc4514(ca.issuer_certificate.subject),
                "files": files,
            }
        )
        return
    click.echo(
        t(
            "testca.initialized",
            lang,
            path=str(directory),
            root=names.rfc4514(ca.root.subject),
            issuer=names.rfc4514(ca.issuer_certificate.subject),
        )
    )


def _issued_json(issued: SignedCertificate) -> dict[str, Any]:
    from cryptography.hazmat.primitives import hashes

    cert = issued.certificate
    return {
        "serial": format(cert.serial_number, "x"),
        "profile": issued.profile,
        "siren": issued.siren,
        "subject": issued.subject_dn,
        "issuer": issued.issuer_dn,
        "not_before": _iso(cert.not_valid_before_utc),
        "not_after": _iso(cert.not_valid_after_utc),
        "sha256": cert.fingerprint(hashes.SHA256()).hex(),
        "files": {role: str(path) if path else None for role, path in _files(issued)},
    }


def _files(issued: SignedCertificate) -> list[tuple[str, Path | None]]:
    found: list[tuple[str, Path | None]] = [
        ("cert", issued.cert_path),
        ("key", getattr(issued, "key_path", None)),
        ("chain", issued.chain_path),
        ("fullchain", issued.fullchain_path),
        ("p12", getattr(issued, "p12_path", None)),
    ]
    return found


def _print_issued(results: list[SignedCertificate], code: str, lang: str) -> None:
    for issued in results:
        cert = issued.certificate
        click.echo(
            t(
                code,
                lang,
                profile=issued.profile,
                serial=format(cert.serial_number, "x"),
                subject=issued.subject_dn,
            )
        )
        for _role, path in _files(issued):
            if path is not None:
                click.echo(t("testca.written", lang, path=str(path)))


_days_options = [
    click.option("--days", type=click.IntRange(min=1), default=None, help="Validity in days."),
    click.option(
        "--beyond-issuer",
        is_flag=True,
        help="Let the leaf end after its issuing CA (refused otherwise; for negative tests).",
    ),
]


def _with_days(function: Any) -> Any:
    for option in reversed(_days_options):
        function = option(function)
    return function


@testca_group.command("issue")
@click.argument("directory", type=_EXISTING_DIR)
@_test_profile_option
@click.option("--siren", default=None, help="SIREN to put in the subject, or 'random'.")
@click.option("--cn", default=None, help="Subject CN (default: from the profile).")
@click.option("--org", default=None, help="Subject O, organisation name.")
@click.option("--given-name", default=None, help="Given name (profiles naming a person).")
@click.option("--surname", default=None, help="Surname (profiles naming a person).")
@click.option("--email", default=None, help="E-mail address (profiles that carry one).")
@_with_days
@click.option(
    "--key-type",
    type=click.Choice(["ec-p256", "ec-p384", "rsa-1024", "rsa-2048", "rsa-3072", "rsa-4096"]),
    default=None,
    help="Leaf key type (default: from the profile).",
)
@prefix_option(
    "Prefix of the files written: PREFIX.pem, PREFIX.key, PREFIX-chain.pem, "
    "PREFIX-fullchain.pem [default: the profile name]."
)
@click.option("--p12", is_flag=True, help="Also write PREFIX.p12 (needs a password option).")
@click.option(
    "--p12-legacy",
    is_flag=True,
    help="Write PREFIX.p12 with PBE-SHA1-3DES and a SHA-1 MAC, for old Windows Server and "
    "Java clients that cannot import AES-256 (implies --p12).",
)
@password_options
@click.option("--allow-invalid-siren", is_flag=True, help="Accept a SIREN failing the checksum.")
@_profile_dir_option
@click.option("--force", is_flag=True, help="Replace existing output files.")
@click.option(
    "--count",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Issue N certificates, written as PREFIX-1 ... PREFIX-N (a progress bar on a "
    "terminal). With --siren random each gets its own SIREN.",
)
@json_option
@lang_option
@handle_errors
def issue_command(
    directory: Path,
    profile: str,
    siren: str | None,
    cn: str | None,
    org: str | None,
    given_name: str | None,
    surname: str | None,
    email: str | None,
    days: int | None,
    beyond_issuer: bool,
    key_type: str | None,
    output: Path | None,
    p12: bool,
    p12_legacy: bool,
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    allow_invalid_siren: bool,
    profile_dirs: tuple[Path, ...],
    force: bool,
    count: int,
    as_json: bool,
    lang: str | None,
) -> None:
    """Issue a certificate from a profile; writes certificate, key (0600), chain and full chain.

    The leaf never ends after its issuing CA unless --beyond-issuer is given.
    """
    from certkit.testca import P12_LEGACY, P12_MODERN, TestCA, load_profile

    lang = resolve_lang(lang)
    ca = TestCA.open(directory)
    prof = load_profile(profile, profile_dirs)
    prefix = output if output is not None else Path(prof.name)
    p12_password: bytes | None = None
    p12 = p12 or p12_legacy
    if p12:
        if password_file is None and password_env is None and password_value is None:
            raise InputError("testca.p12_needs_password")
        provide = password_provider(password_file, password_env, password_value, lang)
        p12_password = provide(str(prefix.with_name(prefix.name + ".p12")))
    prefixes = (
        [prefix]
        if count == 1
        else [prefix.with_name(f"{prefix.name}-{n}") for n in range(1, count + 1)]
    )
    results: list[SignedCertificate] = []
    with progress_bar(count, "certkit testca issue") as advance:
        for one in prefixes:
            results.append(
                ca.issue(
                    prof,
                    siren,
                    cn=cn,
                    org=org,
                    given_name=given_name,
                    surname=surname,
                    email=email,
                    days=days,
                    beyond_issuer=beyond_issuer,
                    key_type=key_type,
                    out=one,
                    p12_password=p12_password,
                    p12_encryption=P12_LEGACY if p12_legacy else P12_MODERN,
                    allow_invalid_siren=allow_invalid_siren,
                    force=force,
                )
            )
            advance()
    if as_json:
        print_json(_issued_json(results[0]) if count == 1 else [_issued_json(r) for r in results])
        return
    _print_issued(results, "testca.issued", lang)


@testca_group.command("sign")
@click.argument("directory", type=_EXISTING_DIR)
@click.option(
    "--csr",
    "csr_file",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="The certificate signing request (PKCS#10, PEM or DER) made with your own key (- : "
    "standard input).",
)
@_test_profile_option
@click.option(
    "--siren",
    default=None,
    help="SIREN to put in the subject (the subject then follows the profile's template).",
)
@click.option("--cn", default=None, help="Subject CN (the subject then follows the profile).")
@click.option("--org", default=None, help="Subject O (the subject then follows the profile).")
@click.option(
    "--profile-subject",
    is_flag=True,
    help="Build the subject from the profile's template, taking CN and O from the request.",
)
@_with_days
@prefix_option(
    "Prefix of the files written: PREFIX.pem, PREFIX-chain.pem, PREFIX-fullchain.pem "
    "[default: the CSR file name without its extension]."
)
@click.option("--allow-invalid-siren", is_flag=True, help="Accept a SIREN failing the checksum.")
@_profile_dir_option
@click.option("--force", is_flag=True, help="Replace existing output files.")
@json_option
@lang_option
@handle_errors
def sign_command(
    directory: Path,
    csr_file: Path,
    profile: str,
    siren: str | None,
    cn: str | None,
    org: str | None,
    profile_subject: bool,
    days: int | None,
    beyond_issuer: bool,
    output: Path | None,
    allow_invalid_siren: bool,
    profile_dirs: tuple[Path, ...],
    force: bool,
    as_json: bool,
    lang: str | None,
) -> None:
    """Certify the key of a CSR (kept in an HSM or a Windows store) with a profile.

    The request's signature is verified and its key must be strong enough for the profile; its
    subject is kept unless --siren, --cn, --org or --profile-subject is given; the profile's
    extensions apply. No key is written: it stays where it was made.
    """
    from certkit.testca import TestCA

    lang = resolve_lang(lang)
    ca = TestCA.open(directory)
    if output is None and str(csr_file) == "-":
        raise InputError("testca.sign_needs_output")
    prefix = output if output is not None else csr_file.with_suffix("")
    signed = ca.sign(
        csr_file,
        profile,
        siren=siren,
        cn=cn,
        org=org,
        profile_subject=profile_subject,
        days=days,
        beyond_issuer=beyond_issuer,
        out=prefix,
        allow_invalid_siren=allow_invalid_siren,
        profile_dirs=profile_dirs,
        force=force,
    )
    if as_json:
        print_json(_issued_json(signed))
        return
    _print_issued([signed], "testca.signed", lang)


def _read_certificate(path: Path) -> x509.Certificate:
    from cryptography import x509

    data = path.read_bytes()
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise InputError("testca.cert_unreadable", path=str(path), reason=str(exc)) from None


def _serial(value: str) -> int | x509.Certificate:
    path = Path(value)
    if path.is_file():
        return _read_certificate(path)
    text = value.strip().lower().removeprefix("0x").replace(":", "")
    try:
        return int(text, 16)
    except ValueError:
        raise InputError("testca.serial_invalid", value=value) from None


@testca_group.command("revoke")
@click.argument("directory", type=_EXISTING_DIR)
@click.argument("serial_or_file")
@click.option(
    "--reason",
    default="unspecified",
    show_default=True,
    help="unspecified, key_compromise, ca_compromise, affiliation_changed, superseded, "
    "cessation_of_operation, certificate_hold, privilege_withdrawn (camelCase accepted).",
)
@json_option
@lang_option
@handle_errors
def revoke_command(
    directory: Path, serial_or_file: str, reason: str, as_json: bool, lang: str | None
) -> None:
    """Revoke a certificate by hexadecimal serial or certificate file."""
    from certkit.testca import TestCA

    lang = resolve_lang(lang)
    ca = TestCA.open(directory)
    record = ca.revoke(_serial(serial_or_file), reason)
    if as_json:
        print_json(record.to_json())
        return
    click.echo(t("testca.revoked", lang, serial=record.serial_hex, reason=record.reason))


@testca_group.command("crl")
@click.argument("directory", type=_EXISTING_DIR)
@json_option
@lang_option
@handle_errors
def crl_command(directory: Path, as_json: bool, lang: str | None) -> None:
    """Write the CRL to DIRECTORY/crl.pem and print its path."""
    from certkit.testca import TestCA

    ca = TestCA.open(directory)
    path = ca.write_crl()
    if as_json:
        revoked = [r.serial_hex for r in ca.list() if r.revoked]
        print_json({"path": str(path), "revoked": revoked})
        return
    click.echo(str(path))


@testca_group.command("list")
@click.argument("directory", type=_EXISTING_DIR)
@json_option
@lang_option
@handle_errors
def list_command(directory: Path, as_json: bool, lang: str | None) -> None:
    """List the certificates this CA issued, with their status."""
    from certkit.testca import TestCA

    lang = resolve_lang(lang)
    records = TestCA.open(directory).list()
    now = dt.datetime.now(dt.UTC)
    if as_json:
        print_json([r.to_json() for r in records])
        return
    if not records:
        click.echo(t("testca.list_empty", lang))
        return
    for record in records:
        if record.revoked:
            status = t("testca.status_revoked", lang)
        elif record.not_after < now:
            status = t("testca.status_expired", lang)
        else:
            status = t("testca.status_valid", lang)
        click.echo(
            f"{record.serial_hex:<40}  {record.profile:<26}  {status:<8}  "
            f"{record.not_after.date().isoformat()}  {record.subject}"
        )


@testca_group.command("profiles")
@_profile_dir_option
@json_option
@lang_option
@handle_errors
def profiles_command(profile_dirs: tuple[Path, ...], as_json: bool, lang: str | None) -> None:
    """List the profiles the test CA can issue, with what each is for."""
    from certkit.testca import available_profiles

    lang = resolve_lang(lang)
    profiles = available_profiles(profile_dirs)
    if as_json:
        print_json([p.to_json() for p in profiles])
        return
    width = max(len(p.name) for p in profiles)
    for prof in profiles:
        click.echo(f"{prof.name:<{width}}  {prof.describe(lang)}")


@testca_group.command("serve")
@click.argument("directory", type=_EXISTING_DIR)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port on 127.0.0.1 [default: the port of the CA's base URL, 8889 unless changed].",
)
@lang_option
@handle_errors
def serve_command(directory: Path, port: int | None, lang: str | None) -> None:
    """Serve OCSP, the CRL and the issuer certificate on 127.0.0.1 until interrupted."""
    import time
    import urllib.parse

    from certkit.testca import TestCA

    ca = TestCA.open(directory)
    if port is None:
        port = urllib.parse.urlsplit(ca.base_url).port or 80
    responder = ca.responder(port=port).start()
    click.echo(f"{responder.url}/ocsp  {responder.url}/crl.der  {responder.url}/issuer.der")
    try:
        while True:
            time.sleep(3600)
    finally:
        responder.stop()
