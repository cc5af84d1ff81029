"""Docs that cannot drift: README commands, CLI commands and settings are documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ktdash.cli import COMMANDS, build_parser
from ktdash.settings import ANALYTICS_ENV, ConversionSettings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_block(section: str) -> str:
    match = re.search(rf"^## {section}\n.*?```bash\n(.+?)\n```", README, re.S | re.M)
    assert match, f"README has no bash block under '## {section}'"
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command_verbatim():
    command = readme_block("Test")
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines


def test_readme_start_command_installs_inits_and_runs():
    command = readme_block("Start")
    assert "pip install -e ." in command and "ktdash init" in command and "streamlit run app.py" in command


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_cli_command_is_documented(command):
    assert f"`ktdash {command}" in README


def test_every_cli_option_is_documented():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, subparser in sub.choices.items():
        for action in subparser._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in README, f"ktdash {name} {option} is not in the README"


@pytest.mark.parametrize("variable", ["KTDASH_DB", "KTDASH_MAX_UPLOAD_MB", "KTDASH_DEMO"] + [
    "KTDASH_" + name.upper().replace("_KWH_PER_M3", "") for name in ConversionSettings.model_fields]
    + sorted(ANALYTICS_ENV.values()))
def test_every_setting_is_documented(variable):
    assert f"`{variable}`" in README
