"""What people expect of a command-line tool: completion in bash, zsh and fish (values too),
CERTKIT_* environment variables for options, man pages for every command."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.helpers import CERTKIT, run_certkit
from tests.test_cli_vocabulary import ALL

ROOT = Path(__file__).resolve().parents[1]
BIN = str(Path(CERTKIT).parent)


def shell(program: str, script: str) -> str:
    """``script`` run by the real ``program`` with certkit on its PATH."""
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "LANG": "C.UTF-8"}
    env.pop("CERTKIT_LANG", None)
    result = subprocess.run(
        [program, "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def bash_complete(words: str) -> list[str]:
    """What Tab offers in bash after ``words`` (the script of certkit completion bash)."""
    count = len(words.split()) - (0 if words.endswith(" ") else 1)
    out = shell(
        "bash",
        'eval "$(certkit completion bash)"\n'
        f"COMP_WORDS=({words}{' ' + chr(39) * 2 if words.endswith(' ') else ''})\n"
        f"COMP_CWORD={count}\n"
        "_certkit_completion certkit\n"
        'printf "%s\\n" "${COMPREPLY[@]}"',
    )
    return out.split()


def test_bash_completes_commands_profiles_test_profiles_and_dn_formats() -> None:
    assert "check" in bash_complete("certkit ch")
    assert set(bash_complete("certkit check --profile reg")) == {
        "registre-coproprietes",
        "registre-coproprietes-test",
    }
    assert "rgs1-server-client" in bash_complete("certkit testca issue ca --profile rgs")
    assert "expired" in bash_complete("certkit testca sign ca --profile exp")
    assert set(bash_complete("certkit registration x.pem --dn-format open")) == {
        "openssl",
        "openssl-utf8",
    }
    assert "--trust" in bash_complete("certkit probe https://x --tr")


def test_zsh_and_fish_scripts_load_and_complete_values() -> None:
    # zsh: the script defines its completion function once compinit has run
    zsh = shell(
        "zsh",
        'autoload -Uz compinit && compinit -u\neval "$(certkit completion zsh)"\n'
        "whence -w _certkit_completion",
    )
    assert "_certkit_completion: function" in zsh
    fish = shell(
        "fish",
        "certkit completion fish | source\ncomplete --do-complete 'certkit check --profile reg'",
    )
    assert {line.split("\t")[0] for line in fish.splitlines()} == {
        "registre-coproprietes",
        "registre-coproprietes-test",
    }
    described = shell(
        "fish", "certkit completion fish | source\ncomplete -C 'certkit dn-match --su'"
    )
    assert "--subject" in described


def test_options_can_be_set_with_certkit_environment_variables(tmp_path: Path) -> None:
    ca = tmp_path / "ca"
    run_certkit("testca", "init", ca)
    run_certkit("testca", "issue", ca, "--profile", "rgs1-server-client", "--siren", "732829320",
                "-o", tmp_path / "s")  # fmt: skip
    cert = tmp_path / "s.pem"
    default = json.loads(run_certkit("check", cert, "--json").stdout)
    assert default["profile"] == "registre-coproprietes"
    env = {"CERTKIT_CHECK_PROFILE": "registre-coproprietes-test", "CERTKIT_CHECK_AT": "2027-06-01"}
    chosen = json.loads(run_certkit("check", cert, "--json", env=env).stdout)
    assert chosen["profile"] == "registre-coproprietes-test"
    assert chosen["certificate"]["days_left"] < default["certificate"]["days_left"]
    # a flag, in a subcommand of a group; the command line still wins
    listed = run_certkit("testca", "list", ca, env={"CERTKIT_TESTCA_LIST_JSON": "1"})
    assert json.loads(listed.stdout)[0]["profile"] == "rgs1-server-client"
    wins = run_certkit("check", cert, "--profile", "sne", "--json", env=env)
    assert json.loads(wins.stdout)["profile"] == "sne"
    french = run_certkit("check", cert, env={"CERTKIT_LANG": "fr"})
    assert "Verdict\u202f:" in french.stdout
    bad = run_certkit("check", cert, env={"CERTKIT_CHECK_WORKERS": "0"})
    assert bad.returncode == 2 and "--workers" in bad.stderr


def test_man_pages_exist_for_every_command_and_say_what_the_commands_say() -> None:
    from certkit.cli.manpages import pages

    for lang, folder in (("en", ROOT / "man" / "man1"), ("fr", ROOT / "man" / "fr" / "man1")):
        fresh = pages(lang)
        expected = {"certkit.1"} | {f"certkit-{p.replace(' ', '-')}.1" for p in ALL}
        assert expected <= set(fresh), sorted(expected - set(fresh))
        committed = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("certkit*.1")}
        stale = sorted(n for n in fresh if committed.get(n) != fresh[n])
        assert not stale, f"man pages out of date (run ./scripts/man): {stale}"
        assert set(committed) == set(fresh)
    assert ".SH NOM" in fresh["certkit-check.1"] and "Utilisation" not in fresh["certkit-check.1"]


@pytest.mark.parametrize(("lang", "words"), [("en", "Will the registry"), ("fr", "Le registre")])
def test_man_renders_the_pages(lang: str, words: str) -> None:
    folder = ROOT / "man" / ("man1" if lang == "en" else "fr/man1")
    result = subprocess.run(
        ["man", "--warnings", "-l", str(folder / "certkit-check.1")],
        capture_output=True,
        text=True,
        env={**os.environ, "MANPAGER": "cat", "LANG": "C.UTF-8", "MANWIDTH": "100"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert words in result.stdout and "--profile" in result.stdout
    assert "warning" not in result.stderr


def test_the_wheel_installs_the_man_pages(tmp_path: Path) -> None:
    import sys

    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("certkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    data = [n for n in names if ".data/data/share/man/" in n]
    assert any(n.endswith("share/man/man1/certkit-check.1") for n in data)
    assert any(n.endswith("share/man/fr/man1/certkit-monitor-status.1") for n in data)
    assert len(data) == 2 * len(list((ROOT / "man" / "man1").glob("*.1")))
