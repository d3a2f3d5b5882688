"""One vocabulary across commands, checked on the commands themselves (click introspection):
-o/--output for what is written, --workers, --trust, one --at, ranges on every number, ``-``
for standard input or output wherever a file is named; the old names still work, with a note."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from certkit.cli import main
from certkit.cli.common import AT_HELP, DateType
from tests.helpers import run_certkit


def commands() -> Iterator[tuple[str, click.Command]]:
    """Every command, as ``"monitor status"``, with its click object."""
    ctx = click.Context(main)

    def walk(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                yield from walk(sub, f"{path} {name}".strip())
        else:
            yield path, command

    yield from walk(main, "")


ALL = dict(commands())
# dn-match --batch's input and output options are the spreadsheet work's (issue 16 item 2).
SPREADSHEET = {("dn-match", "batch"), ("dn-match", "output")}
# Paths where "-" cannot mean standard input or output, and why.
NO_DASH = {
    ("monitor scan", "paths"): "files are recorded by path, to be read again when they change",
    ("monitor scan", "password_file"): "read again for each protected file, in worker processes",
    ("monitor notify", "smtp_ca"): "read again for each connection to the relay",
    ("platform serve", "accounts"): "watched and read again when it changes",
    ("platform register", "accounts_file"): "read, then rewritten in place",
    ("platform serve", "cert"): "the server's certificate, read again on each reload",
    ("platform serve", "key"): "the server's key, read again on each reload",
    ("platform serve", "client_ca"): "read again on each reload",
    ("platform serve", "crl_files"): "read again on each reload",
    ("probe", "cert"): "a client certificate and key: never piped (the key is sacred)",
    ("probe", "key"): "a private key: never piped",
    ("probe", "ca"): "handed to OpenSSL as a file",
    ("platform register", "cert_file"): "its name is recorded in the accounts file",
    ("testca issue", "output"): "a prefix of several files (PREFIX.pem, PREFIX.key…)",
    ("testca sign", "output"): "a prefix of several files (PREFIX.pem, PREFIX-chain.pem…)",
}


def params() -> Iterator[tuple[str, click.Parameter]]:
    for path, command in ALL.items():
        for param in command.params:
            if (path, param.name) not in SPREADSHEET:
                yield path, param


def test_the_walk_sees_every_command() -> None:
    assert {"check", "inspect", "monitor status", "testca issue", "policy import-tl"} <= set(ALL)
    assert len(ALL) > 30


def test_files_written_are_named_with_o_output() -> None:
    for path, param in params():
        if not isinstance(param, click.Option) or param.hidden:
            continue
        names = set(param.opts) | set(param.secondary_opts)
        assert not names & {"--out", "--out-dir", "--output-dir"}, (path, names)
        if "--output" in names:
            assert "-o" in names, (path, names)


def test_parallelism_is_workers_and_cas_to_trust_are_trust() -> None:
    for path, param in params():
        if not isinstance(param, click.Option) or param.hidden:
            continue
        for name in param.opts:
            assert name not in ("--jobs", "-j", "--ca", "--client-ca", "--smtp-ca"), (path, name)
    assert any("--trust" in p.opts for p in ALL["probe"].params)
    assert any("--trust" in p.opts for p in ALL["platform serve"].params)
    assert any("--workers" in p.opts for p in ALL["monitor scan"].params)


def test_one_date_option_with_one_help_text() -> None:
    seen = 0
    for path, param in params():
        if isinstance(param, click.Option) and "--at" in param.opts:
            seen += 1
            assert isinstance(param.type, DateType), path
            assert param.help == AT_HELP, path
        if isinstance(param.type, DateType):
            assert param.metavar is None or param.metavar in ("DATE", "DATE"), path
    assert seen >= 7


def test_every_number_has_a_range() -> None:
    for path, param in params():
        kind = param.type
        if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
            assert isinstance(kind, click.types._NumberRangeBase), f"{path} {param.name}: no range"
            assert kind.min is not None or kind.max is not None, (path, param.name)


def test_dash_means_standard_input_or_output_wherever_a_file_is_named() -> None:
    for path, param in params():
        kind = param.type
        if not isinstance(kind, click.Path) or not kind.file_okay:
            continue  # folders: "-" has no meaning
        if (path, param.name) in NO_DASH:
            continue
        if param.name in ("catalogues", "db_text"):
            continue  # a file or a folder / a database URL
        assert kind.allow_dash, f"{path} {param.name}: '-' not accepted"


def test_old_names_still_work_and_say_what_replaces_them(tmp_path: Path) -> None:
    assert run_certkit("testca", "init", tmp_path / "ca").returncode == 0
    old = run_certkit(
        "testca", "issue", tmp_path / "ca", "--profile", "rgs1-server-client", "--siren",
        "732829320", "--out", tmp_path / "syndic", "--json",
    )  # fmt: skip
    assert old.returncode == 0, old.stderr
    assert "--out is now -o/--output" in old.stderr
    assert json.loads(old.stdout)["files"]["cert"] == str(tmp_path / "syndic.pem")
    assert (tmp_path / "syndic.pem").is_file()
    french = run_certkit(
        "testca", "issue", tmp_path / "ca", "--profile", "rgs1-server-client", "--siren",
        "732829320", "--out", tmp_path / "fr", "--lang", "fr",
    )  # fmt: skip
    assert "--out s'appelle maintenant -o/--output" in french.stderr
    new = run_certkit(
        "testca", "issue", tmp_path / "ca", "--profile", "rgs1-server-client", "--siren",
        "732829320", "-o", tmp_path / "new",
    )  # fmt: skip
    assert new.returncode == 0 and new.stderr == ""


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--workers", "0"), "--workers"),
        (("--workers", "-3"), "--workers"),
        (("--timeout", "-1"), "--timeout"),
        (("--timeout", "0"), "--timeout"),
        (("--at", "2027-13-45"), "--at"),
    ],
)
def test_out_of_range_numbers_and_bad_dates_are_refused(
    tmp_path: Path, args: tuple[str, ...], option: str
) -> None:
    cert = tmp_path / "c.pem"
    cert.write_text("x")
    result = run_certkit("check", cert, *args)
    assert result.returncode == 2
    assert f"Invalid value for '{option}'" in result.stderr
    assert result.stdout == ""
    french = run_certkit("check", cert, *args, "--lang", "fr")
    assert f"Valeur invalide pour «\u202f{option}\u202f»" in french.stderr


def test_dash_reads_standard_input_and_writes_standard_output(tmp_path: Path) -> None:
    assert run_certkit("testca", "init", tmp_path / "ca").returncode == 0
    run_certkit(
        "testca", "issue", tmp_path / "ca", "--profile", "rgs1-server-client", "--siren",
        "732829320", "-o", tmp_path / "syndic", "--p12", "--password-env", "P",
        env={"P": "s3cret"},
    )  # fmt: skip
    pem = (tmp_path / "syndic.pem").read_bytes()
    # export - -o -: a pipe in, the certificate out, the note on stderr
    exported = run_certkit("export", "-", "-o", "-", input=pem)
    assert exported.returncode == 0 and exported.stdout == pem.decode()
    assert "1 certificate" in exported.stderr
    # --password-file -: the password from standard input
    p12 = run_certkit(
        "inspect", "--password-file", "-", tmp_path / "syndic.p12", "--json", input=b"s3cret\n"
    )
    assert p12.returncode == 0, p12.stderr
    assert json.loads(p12.stdout)["has_private_key"] is True
    # --trust -: the CAs from standard input
    root = (tmp_path / "ca" / "root.pem").read_bytes()
    chain = tmp_path / "syndic-chain.pem"
    checked = run_certkit(
        "check", tmp_path / "syndic.pem", "--chain", chain, "--trust", "-",
        "--profile", "registre-coproprietes-test", "--json", input=root,
    )  # fmt: skip
    assert json.loads(checked.stdout)["verdict"] == "pass", checked.stdout
    # testca sign --csr -: the request from standard input
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "vendor")]))
        .sign(key, hashes.SHA256())
        .public_bytes(serialization.Encoding.PEM)
    )
    signed = run_certkit(
        "testca", "sign", tmp_path / "ca", "--csr", "-", "--profile", "rgs1-server-client",
        "--siren", "732829320", "-o", tmp_path / "vendor", input=csr,
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    assert (tmp_path / "vendor.pem").is_file()
    no_prefix = run_certkit(
        "testca", "sign", tmp_path / "ca", "--csr", "-", "--profile", "rgs1-server-client",
        input=csr,
    )  # fmt: skip
    assert no_prefix.returncode == 2 and "-o PREFIX" in no_prefix.stderr


def test_unreadable_files_are_reported_the_same_way_by_every_command(tmp_path: Path) -> None:
    missing = tmp_path / "nope.pem"
    assert run_certkit("testca", "init", tmp_path / "ca").returncode == 0
    runs = {
        "inspect": ("inspect", missing),
        "check": ("check", missing),
        "registration": ("registration", missing),
        "export": ("export", missing, "-o", tmp_path / "out.pem"),
        "check --trust": ("check", missing, "--trust", missing),
        "password file": ("inspect", missing, "--password-file", missing),
        "import-tl": ("policy", "import-tl", missing, "-o", tmp_path / "tl"),
        "sign --csr": ("testca", "sign", tmp_path / "ca", "--csr", missing, "-o", tmp_path / "v"),
        "monitor --customers": ("monitor", "status", "--customers", missing),
    }
    runs["sign --csr"] += ("--profile", "rgs1-server-client")
    for label, args in runs.items():
        for lang, expected in (
            ("en", f"certkit: {missing}: no such file"),
            ("fr", f"certkit: {missing}\u202f: fichier introuvable"),
        ):
            result = run_certkit(*args, "--lang", lang, env={"CERTKIT_MONITOR_DB": str(tmp_path)})
            assert result.returncode == 2, (label, result.stderr)
            assert result.stderr.startswith(expected), (label, lang, result.stderr)
