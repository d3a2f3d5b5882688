"""The loader reads every container a CA or a colleague hands over; bad input gets a clear error."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7, pkcs12
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certkit.errors import InputError
from certkit.sources import (
    ContainerFormat,
    load_bytes,
    load_path,
    load_private_key,
    pem_blocks,
    sniff,
)
from tests.certs import Made, make_chain, rsa_key

ROOT, INTER, LEAF = make_chain()
LEAF_PEM, INTER_PEM, ROOT_PEM = (m.cert.public_bytes(Encoding.PEM) for m in (LEAF, INTER, ROOT))


def key_pem(made: Made) -> bytes:
    return made.key.private_bytes(
        Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def fingerprints(certs: tuple[x509.Certificate, ...]) -> list[bytes]:
    return [c.fingerprint(hashes.SHA256()) for c in certs]


def openssl(*args: str, input: bytes | None = None) -> bytes:
    return subprocess.run(["openssl", *args], input=input, capture_output=True, check=True).stdout


# --- PEM ------------------------------------------------------------------------------------------


def test_single_pem_certificate_is_the_leaf() -> None:
    bundle = load_bytes(LEAF_PEM)
    assert bundle.format is ContainerFormat.PEM
    assert fingerprints(bundle.certificates) == fingerprints((LEAF.cert,))
    assert bundle.leaf_index == 0
    assert not bundle.has_private_key


def test_chain_in_any_order_finds_the_leaf() -> None:
    bundle = load_bytes(ROOT_PEM + LEAF_PEM + INTER_PEM)
    assert len(bundle.certificates) == 3
    assert bundle.leaf is not None
    assert bundle.leaf.fingerprint(hashes.SHA256()) == LEAF.cert.fingerprint(hashes.SHA256())
    assert bundle.leaf_flags == (False, True, False)
    assert fingerprints(bundle.chain) == fingerprints((ROOT.cert, INTER.cert))


def test_unrelated_certificates_are_all_leaves_and_no_single_leaf() -> None:
    other = make_chain()[2]
    bundle = load_bytes(LEAF_PEM + other.cert.public_bytes(Encoding.PEM))
    assert bundle.leaf_flags == (True, True)
    assert bundle.leaf_index is None


def test_pem_with_bag_attributes_crlf_bom_and_trailing_garbage(tmp_path: Path) -> None:
    # Real "Bag Attributes" text as written by `openssl pkcs12 -nokeys`.
    p12 = pkcs12.serialize_key_and_certificates(
        b"syndic", LEAF.key, LEAF.cert, [INTER.cert], serialization.BestAvailableEncryption(b"pw")
    )
    (tmp_path / "in.p12").write_bytes(p12)
    text = openssl("pkcs12", "-in", str(tmp_path / "in.p12"), "-nokeys", "-passin", "pass:pw")
    assert b"Bag Attributes" in text
    crlf = b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n") + b"\r\n\x00garbage after the end\xff"
    bundle = load_bytes(crlf)
    assert sorted(fingerprints(bundle.certificates)) == sorted(
        fingerprints((LEAF.cert, INTER.cert))
    )
    assert bundle.leaf is not None and bundle.leaf.subject == LEAF.cert.subject


# RFC 7468's textual encoding as a pattern: what the block scanner must find, block for block.
RFC7468_BLOCK = re.compile(
    rb"-----BEGIN ([A-Z0-9 #/_-]{1,64})-----(.*?)-----END \1-----", re.DOTALL
)
PEM_PIECES = [
    b"-----BEGIN CERTIFICATE-----\n",
    b"-----END CERTIFICATE-----\n",
    b"-----BEGIN PRIVATE KEY-----",
    b"-----END PRIVATE KEY-----",
    b"-----BEGIN ",
    b"-----END ",
    b"-----",
    b"MIIBkTCB+wIJ\n",
    b"Bag Attributes: x\r\n",
    b"CERTIFICATE",
    b"\n",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PEM_PIECES) | st.binary(max_size=12), max_size=14))
def test_pem_blocks_are_those_of_rfc7468_textual_encoding(pieces: list[bytes]) -> None:
    data = b"".join(pieces)
    expected = [(m.group(1), m.group(2), m.start(), m.end()) for m in RFC7468_BLOCK.finditer(data)]
    assert list(pem_blocks(data)) == expected


def test_pem_blocks_skip_a_begin_without_end_and_keep_text_between() -> None:
    data = b"intro\n-----BEGIN PRIVATE KEY-----\nAAAA\n" + LEAF_PEM + b"notes\n" + INTER_PEM
    bundle = load_bytes(data)
    assert fingerprints(bundle.certificates) == fingerprints((LEAF.cert, INTER.cert))


def test_pem_with_key_reports_key_type_but_never_returns_it(tmp_path: Path) -> None:
    bundle = load_bytes(key_pem(LEAF) + LEAF_PEM)
    assert bundle.has_private_key and bundle.private_key_type == "EC"
    assert not any(hasattr(bundle, attr) for attr in ("key", "private_key"))
    path = tmp_path / "both.pem"
    path.write_bytes(key_pem(LEAF) + LEAF_PEM)
    key = load_private_key(path)
    assert key.public_key() == LEAF.cert.public_key()


def test_rsa_traditional_key_type_is_named() -> None:
    key = rsa_key(2048)
    block = key.private_bytes(
        Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    assert load_bytes(LEAF_PEM + block).private_key_type == "RSA"


# --- DER ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".cer", ".crt", ".der"])
def test_der_certificate(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"cert{suffix}"
    path.write_bytes(LEAF.cert.public_bytes(Encoding.DER))
    bundle = load_path(path)
    assert bundle.format is ContainerFormat.DER
    assert fingerprints(bundle.certificates) == fingerprints((LEAF.cert,))
    assert bundle.source == str(path)


def test_der_with_trailing_bytes_is_read() -> None:
    bundle = load_bytes(LEAF.cert.public_bytes(Encoding.DER) + b"\x00\x00junk")
    assert bundle.format is ContainerFormat.DER


# --- PKCS#12 --------------------------------------------------------------------------------------


def test_pkcs12_modern_with_password(tmp_path: Path) -> None:
    p12 = pkcs12.serialize_key_and_certificates(
        b"x",
        LEAF.key,
        LEAF.cert,
        [INTER.cert, ROOT.cert],
        serialization.BestAvailableEncryption(b"s3cret"),
    )
    bundle = load_bytes(p12, password=b"s3cret")
    assert bundle.format is ContainerFormat.PKCS12
    assert bundle.has_private_key and bundle.private_key_type == "EC"
    assert bundle.leaf is not None and bundle.leaf.subject == LEAF.cert.subject
    assert len(bundle.certificates) == 3


def test_pkcs12_password_is_asked_only_when_needed() -> None:
    asked: list[str] = []

    def provide(path: str) -> bytes:
        asked.append(path)
        return b"pw"

    p12 = pkcs12.serialize_key_and_certificates(
        b"x", LEAF.key, LEAF.cert, None, serialization.BestAvailableEncryption(b"pw")
    )
    assert load_bytes(p12, source="a.p12", password=provide).has_private_key
    assert asked == ["a.p12"]
    unprotected = pkcs12.serialize_key_and_certificates(
        b"x", LEAF.key, LEAF.cert, None, serialization.NoEncryption()
    )
    asked.clear()
    load_bytes(unprotected, password=provide)
    assert asked == []


@pytest.mark.parametrize(
    "openssl_args",
    [
        ["-legacy", "-certpbe", "PBE-SHA1-RC2-40", "-keypbe", "PBE-SHA1-3DES"],
        ["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"],
    ],
    ids=["rc2-40+3des", "3des"],
)
def test_pkcs12_legacy_encryptions_from_openssl(tmp_path: Path, openssl_args: list[str]) -> None:
    (tmp_path / "key.pem").write_bytes(key_pem(LEAF))
    (tmp_path / "cert.pem").write_bytes(LEAF_PEM)
    (tmp_path / "chain.pem").write_bytes(INTER_PEM)
    out = tmp_path / "legacy.pfx"
    subprocess.run(
        [
            "openssl",
            "pkcs12",
            "-export",
            "-inkey",
            str(tmp_path / "key.pem"),
            "-in",
            str(tmp_path / "cert.pem"),
            "-certfile",
            str(tmp_path / "chain.pem"),
            "-out",
            str(out),
            "-passout",
            "pass:ancien",
            *openssl_args,
        ],
        check=True,
        capture_output=True,
    )
    dump = openssl(
        "pkcs12",
        "-in",
        str(out),
        "-info",
        "-noout",
        "-passin",
        "pass:ancien",
        *(["-legacy"] if "-legacy" in openssl_args else []),
    )
    del dump
    bundle = load_path(out, password=b"ancien")
    assert bundle.format is ContainerFormat.PKCS12
    assert bundle.leaf is not None and bundle.leaf.subject == LEAF.cert.subject
    assert bundle.private_key_type == "EC"


def test_pkcs12_wrong_password_is_a_clear_input_error() -> None:
    p12 = pkcs12.serialize_key_and_certificates(
        b"x", LEAF.key, LEAF.cert, None, serialization.BestAvailableEncryption(b"right")
    )
    with pytest.raises(InputError) as err:
        load_bytes(p12, source="client.p12", password=b"wrong")
    assert err.value.code == "sources.pkcs12_bad_password"
    assert "client.p12" in err.value.message("en")


# --- PKCS#7 ---------------------------------------------------------------------------------------


def test_pkcs7_pem_and_der_from_openssl(tmp_path: Path) -> None:
    (tmp_path / "chain.pem").write_bytes(LEAF_PEM + INTER_PEM + ROOT_PEM)
    for form, suffix in (("PEM", ".p7b"), ("DER", ".p7c")):
        out = tmp_path / f"bundle{suffix}"
        subprocess.run(
            [
                "openssl",
                "crl2pkcs7",
                "-nocrl",
                "-certfile",
                str(tmp_path / "chain.pem"),
                "-outform",
                form,
                "-out",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        bundle = load_path(out)
        assert bundle.format is ContainerFormat.PKCS7
        assert sorted(fingerprints(bundle.certificates)) == sorted(
            fingerprints((LEAF.cert, INTER.cert, ROOT.cert))
        )
        assert bundle.leaf is not None and bundle.leaf.subject == LEAF.cert.subject


def test_pkcs7_from_cryptography() -> None:
    der = pkcs7.serialize_certificates([LEAF.cert, INTER.cert], Encoding.DER)
    assert load_bytes(der).format is ContainerFormat.PKCS7


# --- bad input ------------------------------------------------------------------------------------


def csr_pem() -> bytes:
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(LEAF.cert.subject)
        .sign(LEAF.key, hashes.SHA256())
    )
    return csr.public_bytes(Encoding.PEM)


BAD_INPUTS = {
    "empty": (b"", "sources.empty"),
    "whitespace": (b"  \n\n", "sources.empty"),
    "text": (b"hello, this is not a certificate\n", "sources.not_certificate"),
    "truncated_pem": (LEAF_PEM[: len(LEAF_PEM) // 2], "sources.truncated_pem"),
    "bad_base64": (
        LEAF_PEM.replace(LEAF_PEM.splitlines()[3], b"!!!!" + LEAF_PEM.splitlines()[3][4:]),
        "sources.bad_base64",
    ),
    "csr_pem": (csr_pem(), "sources.csr_only"),
    "key_only_pem": (key_pem(LEAF), "sources.key_only"),
    "key_only_der": (
        LEAF.key.private_bytes(
            Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        "sources.key_only",
    ),
    "random_der": (b"\x30\x03\x02\x01\x05", "sources.bad_certificate"),
    "binary_noise": (bytes(range(256)), "sources.not_certificate"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_input_error(case: str) -> None:
    data, code = BAD_INPUTS[case]
    with pytest.raises(InputError) as err:
        load_bytes(data, source=f"{case}.pem")
    assert err.value.code == code
    message = err.value.message("en")
    assert f"{case}.pem" in message and "\n" not in message


def test_csr_der_is_recognised() -> None:
    der = x509.load_pem_x509_csr(csr_pem()).public_bytes(Encoding.DER)
    with pytest.raises(InputError) as err:
        load_bytes(der)
    assert err.value.code == "sources.csr_only"


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        load_path(tmp_path / "nope.pem")
    assert err.value.code == "sources.not_found"
    with pytest.raises(InputError) as err:
        load_path(tmp_path)
    assert err.value.code == "sources.is_directory"


def test_sniff_recognises_containers_by_content() -> None:
    assert sniff(LEAF_PEM) is ContainerFormat.PEM
    assert sniff(LEAF.cert.public_bytes(Encoding.DER)) is ContainerFormat.DER
    assert sniff(pkcs7.serialize_certificates([LEAF.cert], Encoding.DER)) is ContainerFormat.PKCS7
    p12 = pkcs12.serialize_key_and_certificates(
        b"x", LEAF.key, LEAF.cert, None, serialization.NoEncryption()
    )
    assert sniff(p12) is ContainerFormat.PKCS12
    assert sniff(b"just text") is None
    assert sniff(b"\x89PNG\r\n") is None


# --- property-based: never an uncaught exception --------------------------------------------------

SEEDS = [
    LEAF_PEM,
    LEAF_PEM + INTER_PEM,
    LEAF.cert.public_bytes(Encoding.DER),
    pkcs7.serialize_certificates([LEAF.cert, INTER.cert], Encoding.DER),
    pkcs12.serialize_key_and_certificates(
        b"x", LEAF.key, LEAF.cert, None, serialization.BestAvailableEncryption(b"pw")
    ),
]


def check_never_crashes(data: bytes) -> None:
    try:
        bundle = load_bytes(data, password=b"pw")
    except InputError as exc:
        assert exc.message("fr") and exc.message("en")
    else:
        assert bundle.certificates
        assert len(bundle.leaf_flags) == len(bundle.certificates)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_never_crash(data: bytes) -> None:
    check_never_crashes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=8),
    st.integers(0, 10_000),
)
def test_mutated_containers_never_crash(
    seed: bytes, flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(seed)
    for position, value in flips:
        data[position % len(data)] = value
    check_never_crashes(bytes(data[: max(1, len(data) - cut % len(data))]))


# --- text as people have it: UTF-16 from Notepad, base64 pasted from a web page ---------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_pem_with_its_bom_is_read(tmp_path: Path, encoding: str) -> None:
    """Windows Notepad's "Unicode" saves UTF-16 with a BOM (little-endian; "Unicode big endian"
    the other way), CRLF line ends; a chain with its key stays a chain with a key."""
    text = (LEAF_PEM + INTER_PEM + key_pem(LEAF)).decode().replace("\n", "\r\n")
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    path = tmp_path / "notepad.pem"
    path.write_bytes(bom + text.encode(encoding))
    assert sniff(path.read_bytes()) is ContainerFormat.PEM  # monitor scan finds it
    bundle = load_path(path)
    assert bundle.format is ContainerFormat.PEM and bundle.read_as == "utf-16"
    assert fingerprints(bundle.certificates) == fingerprints((LEAF.cert, INTER.cert))
    assert bundle.private_key_type is not None
    assert load_bytes(LEAF_PEM).read_as is None


def test_utf16_without_a_certificate_is_not_one() -> None:
    with pytest.raises(InputError) as caught:
        load_bytes("hello\r\n".encode("utf-16"), source="x.txt")
    assert caught.value.code == "sources.not_certificate"


@pytest.mark.parametrize("layout", ["one line", "wrapped", "crlf and spaces"])
def test_bare_base64_of_a_certificate_is_read(layout: str) -> None:
    body = b"".join(line for line in LEAF_PEM.splitlines() if not line.startswith(b"-----"))
    if layout == "wrapped":
        body = b"\n".join(body[i : i + 64] for i in range(0, len(body), 64)) + b"\n"
    elif layout == "crlf and spaces":
        body = b"  " + b"\r\n".join(body[i : i + 76] for i in range(0, len(body), 76)) + b"\r\n\r\n"
    bundle = load_bytes(body)
    assert bundle.read_as == "base64" and bundle.format is ContainerFormat.DER
    assert fingerprints(bundle.certificates) == fingerprints((LEAF.cert,))


def test_bare_base64_of_a_pkcs7_bundle_is_read() -> None:
    import base64

    p7 = pkcs7.serialize_certificates([LEAF.cert, INTER.cert], Encoding.DER)
    bundle = load_bytes(base64.encodebytes(p7))
    assert bundle.read_as == "base64" and bundle.format is ContainerFormat.PKCS7
    assert len(bundle.certificates) == 2


@pytest.mark.parametrize(
    "text",
    [
        b"SGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGEgY2VydGlmaWNhdGUgYXQgYWxsLCBqdXN0IHRleHQu\n",
        b"MIIB" + b"A" * 100 + b"!\n",  # not base64 at all
        b"MIIBIjAN\n",  # too short to be a certificate
    ],
)
def test_base64_that_is_not_a_certificate_is_refused(text: bytes) -> None:
    with pytest.raises(InputError) as caught:
        load_bytes(text, source="pasted.txt")
    assert caught.value.code == "sources.not_certificate"


def test_inspect_says_how_the_text_was_read(tmp_path: Path) -> None:
    import json

    from tests.helpers import run_certkit

    notepad = tmp_path / "notepad.pem"
    notepad.write_bytes(LEAF_PEM.decode().encode("utf-16"))
    pasted = tmp_path / "pasted.txt"
    pasted.write_bytes(b"".join(x for x in LEAF_PEM.splitlines() if not x.startswith(b"-")))
    text = run_certkit("inspect", notepad, pasted).stdout
    assert "notepad.pem — PEM (UTF-16 text, Notepad's “Unicode”), 1 certificate" in text
    assert "pasted.txt — DER (bare base64, without the PEM BEGIN/END lines)" in text
    french = run_certkit("inspect", notepad, "--lang", "fr").stdout
    assert "texte UTF-16, l'«\u202fUnicode\u202f» du Bloc-notes" in french
    data = json.loads(run_certkit("inspect", notepad, pasted, "--json").stdout)
    assert [d["read_as"] for d in data] == ["utf-16", "base64"]
    checked = run_certkit("check", pasted, "--json")  # every command reads them
    assert (
        json.loads(checked.stdout)["certificate"]["sha256"]
        == LEAF.cert.fingerprint(hashes.SHA256()).hex()
    )
