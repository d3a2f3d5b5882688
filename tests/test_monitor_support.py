"""Shared builders for the monitor tests: a fleet of test-CA certificates with known expiries, and
the inventories the tests scan into, on either back end.

Every date is relative to the fixed evaluation date AT (passed as ``--at``), so the expected states
do not depend on the day the tests run.

Back ends: a test module imports the ``backend`` fixture (``sqlite`` and ``postgresql``, module
scope) with ``new_db`` / ``module_db``, and each of its tests that asks for them runs on both: a
SQLite file in the test's folder, or a fresh database on the session's PostgreSQL server
(tests/pgserver.py, a real server on 127.0.0.1). ``sql`` and ``db_counts`` read either.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from certkit.testca import TestCA
from tests.helpers import run_certkit

AT = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
AT_TEXT = "2026-06-01T00:00:00Z"
HOUR = dt.timedelta(hours=1)

# Valid SIRENs (Luhn), one per holder.
SIREN = {
    "expired": "732829320",
    "d5": "732829338",
    "d20": "732829346",
    "d100": "732829353",
    "d400": "732829361",
    "same_dn": "732829379",
    "new_issuer": "732829387",
    "p12": "732829395",
}
P12_PASSWORD = b"correct horse battery"


def sha256_of(cert: x509.Certificate) -> str:
    """Fingerprint computed here with hashlib, independently of certkit."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


@dataclass
class Fleet:
    root: Path  # the folder to scan
    passwords: Path  # the --passwords TOML file
    ca_one: TestCA
    ca_two: TestCA
    sha: dict[str, str]  # scenario name -> fingerprint
    certs: dict[str, x509.Certificate]
    corrupt: Path


def _issue(
    ca: TestCA,
    name: str,
    siren: str,
    not_before: dt.datetime,
    not_after: dt.datetime,
    cn: str | None = None,
) -> x509.Certificate:
    issued = ca.issue(
        "rgs1-server-client",
        siren,
        cn=cn or f"SYNDIC {name.upper()}",
        org=f"SYNDIC {siren}",
        not_before=not_before,
        not_after=not_after,
    )
    return issued.certificate


def build_fleet(base: Path) -> Fleet:
    """The scenario of the issue's "Done means", in ``base/fleet``.

    expired (10 days ago), 5, 20, 100 and 400 days left; a renewal with the same DNs (old has 10
    days left); a renewal by another CA (new issuer DN; old has 30 days left); a PKCS#12 with a
    password file (50 days left); a corrupt PEM; a private key and a text file (not certificates).
    """
    ca_one = TestCA.init(base / "ca-one", name="certkit Monitor CA One")
    ca_two = TestCA.init(base / "ca-two", name="certkit Monitor CA Two")
    root = base / "fleet"
    (root / "clients" / "deep").mkdir(parents=True)
    (root / "secrets").mkdir()
    start = AT - dt.timedelta(days=700)
    certs: dict[str, x509.Certificate] = {
        "expired": _issue(ca_one, "expired", SIREN["expired"], start, AT - dt.timedelta(days=10)),
        "d5": _issue(ca_one, "d5", SIREN["d5"], start, AT + dt.timedelta(days=5) + HOUR),
        "d20": _issue(ca_one, "d20", SIREN["d20"], start, AT + dt.timedelta(days=20) + HOUR),
        "d100": _issue(ca_one, "d100", SIREN["d100"], start, AT + dt.timedelta(days=100) + HOUR),
        "d400": _issue(ca_one, "d400", SIREN["d400"], start, AT + dt.timedelta(days=400) + HOUR),
        "same_dn_old": _issue(
            ca_one, "same", SIREN["same_dn"], start, AT + dt.timedelta(days=10) + HOUR
        ),
        "same_dn_new": _issue(
            ca_one,
            "same",
            SIREN["same_dn"],
            AT - dt.timedelta(days=3),
            AT + dt.timedelta(days=727),
        ),
        "new_issuer_old": _issue(
            ca_one, "newca", SIREN["new_issuer"], start, AT + dt.timedelta(days=30) + HOUR
        ),
        "new_issuer_new": _issue(
            ca_two,
            "newca",
            SIREN["new_issuer"],
            AT - dt.timedelta(days=1),
            AT + dt.timedelta(days=729),
        ),
    }

    def pem(cert: x509.Certificate) -> bytes:
        return cert.public_bytes(serialization.Encoding.PEM)

    (root / "expired.pem").write_bytes(pem(certs["expired"]) + ca_one.chain_path.read_bytes())
    (root / "d5.crt").write_bytes(pem(certs["d5"]))
    # DER under a misleading name: recognised by content, not extension.
    (root / "clients" / "d20.txt").write_bytes(
        certs["d20"].public_bytes(serialization.Encoding.DER)
    )
    (root / "clients" / "deep" / "d100.cer").write_bytes(pem(certs["d100"]))
    (root / "clients" / "d400.pem").write_bytes(pem(certs["d400"]))
    (root / "clients" / "same-2024.pem").write_bytes(pem(certs["same_dn_old"]))
    (root / "clients" / "same-2026.pem").write_bytes(pem(certs["same_dn_new"]))
    (root / "clients" / "newca-2024.pem").write_bytes(pem(certs["new_issuer_old"]))
    (root / "clients" / "newca-2026.pem").write_bytes(pem(certs["new_issuer_new"]))

    p12_src = base / "p12-src"
    p12_src.mkdir()
    issued = ca_one.issue(
        "rgs1-server-client",
        SIREN["p12"],
        cn="SYNDIC P12",
        org=f"SYNDIC {SIREN['p12']}",
        not_before=start,
        not_after=AT + dt.timedelta(days=50) + HOUR,
        out=p12_src / "syndic",
        p12_password=P12_PASSWORD,
    )
    certs["p12"] = issued.certificate
    assert issued.p12_path is not None
    shutil.copy(issued.p12_path, root / "secrets" / "syndic.p12")
    (base / "p12.pass").write_bytes(P12_PASSWORD + b"\n")
    passwords = base / "passwords.toml"
    passwords.write_text('"fleet/secrets/*.p12" = "p12.pass"\n')

    # Not certificates: a private key, a text note starting with '0', an empty file.
    assert issued.key_path is not None
    shutil.copy(issued.key_path, root / "secrets" / "syndic.key")
    (root / "NOTES.txt").write_text("0 certificates to renew this week\n")
    (root / "empty.pem").write_bytes(b"")
    corrupt = root / "clients" / "broken.pem"
    corrupt.write_text(
        "-----BEGIN CERTIFICATE-----\nMIIB!!not base64!!\n-----END CERTIFICATE-----\n"
    )
    return Fleet(
        root=root,
        passwords=passwords,
        ca_one=ca_one,
        ca_two=ca_two,
        sha={name: sha256_of(cert) for name, cert in certs.items()},
        certs=certs,
        corrupt=corrupt,
    )


def write_many(root: Path, count: int, per_folder: int = 500) -> None:
    """``count`` distinct leaf certificates (one issuer, one key), one PEM file each, built with
    cryptography directly (the test CA's bookkeeping costs ~10× more per certificate)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "certkit Many CA")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    for index in range(count):
        folder = root / f"syndic-{index // per_folder:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        cert = (
            x509.CertificateBuilder()
            .subject_name(
                x509.Name(
                    [
                        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SYNDIC MANY"),
                        x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, "NTRFR-732829320"),
                        x509.NameAttribute(NameOID.COMMON_NAME, f"SYNDIC {index}"),
                    ]
                )
            )
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(index + 1)
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=400))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        (folder / f"cert-{index:05d}.pem").write_bytes(
            cert.public_bytes(serialization.Encoding.PEM)
        )


def openssl_dn(cert: x509.Certificate, which: str = "subject") -> str:
    """The certificate's subject or issuer as ``openssl x509 -nameopt RFC2253,-esc_msb`` prints it:
    the string certkit stores and shows, derived here by another implementation."""
    import subprocess

    out = subprocess.run(
        ["openssl", "x509", "-noout", f"-{which}", "-nameopt", "RFC2253,-esc_msb"],
        input=cert.public_bytes(serialization.Encoding.PEM),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return out.removeprefix(f"{which}=").rstrip("\n")


def certkit_json(*args: str | Path, expect: int | None = 0) -> dict:  # type: ignore[type-arg]
    """Run certkit with --json and parse stdout; check the exit code when ``expect`` is set."""
    result = run_certkit(*args, "--json")
    if expect is not None:
        assert result.returncode == expect, (result.returncode, result.stdout, result.stderr)
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def by_sha(status: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {entry["sha256"]: entry for entry in status["certificates"]}


# ------------------------------------------------------------------------------------ back ends

BACKENDS = ("sqlite", "postgresql")
DB = str | Path  # a --db value: a SQLite file or a postgresql:// URL


def is_postgresql(db: DB) -> bool:
    return str(db).startswith("postgresql://")


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The back end the module's inventories live on (every test asking for it runs on both)."""
    return str(request.param)


class Inventories:
    """Makes empty inventories (``--db`` values) on one back end; drops them at the end."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend = backend
        self.folder = folder
        self.made: list[str] = []

    def __call__(self, name: str = "inv") -> str:
        if self.backend == "sqlite":
            return str(self.folder / f"{name}.db")
        from tests.pgserver import server

        pg = server()
        database = pg.create_database(name.replace("-", "_"))
        self.made.append(database)
        return pg.url(database)

    def close(self) -> None:
        if self.made:
            from tests.pgserver import server

            for database in self.made:
                server().drop_database(database)


@pytest.fixture
def new_db(backend: str, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """``new_db(name)``: the --db value of a new, empty inventory for this test."""
    made = Inventories(backend, tmp_path)
    yield made
    made.close()


@pytest.fixture(scope="module")
def module_db(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., str]]:
    """``module_db(name)``: a new inventory kept for the whole module."""
    made = Inventories(backend, tmp_path_factory.mktemp(f"db-{backend}"))
    yield made
    made.close()


def sql(db: DB, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run one statement on the inventory ``db`` (``?`` placeholders) outside certkit: the rows."""
    if is_postgresql(db):
        import psycopg

        with psycopg.connect(str(db), autocommit=True) as conn:
            cursor = conn.execute(query.replace("?", "%s"), params or None)  # type: ignore[arg-type]
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
    conn = sqlite3.connect(db)
    try:
        with conn:
            return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def has_inventory(db: DB) -> bool:
    """Whether anything was created at ``db`` (a file; a schema in the database)."""
    if is_postgresql(db):
        return bool(sql(db, "SELECT to_regclass('schema_version') IS NOT NULL")[0][0])
    return Path(db).exists()


@contextlib.contextmanager
def locked(db: DB) -> Iterator[None]:
    """Another process holds the whole inventory locked (readers wait) while the block runs."""
    if is_postgresql(db):
        import psycopg

        with psycopg.connect(str(db)) as conn:
            conn.execute(
                "LOCK TABLE certificates, files, sightings, scans IN ACCESS EXCLUSIVE MODE"
            )
            yield
            conn.rollback()
        return
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("UPDATE scans SET files_seen = files_seen")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def db_counts(db: DB) -> dict[str, int]:
    return {
        table: int(sql(db, f"SELECT count(*) FROM {table}")[0][0])
        for table in ("certificates", "files", "sightings", "scan_errors")
    }
