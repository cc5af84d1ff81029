"""Docs that cannot drift: README commands, CLI commands and settings are documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ktdash.cli.main import COMMANDS, build_parser
from ktdash.core.settings import ANALYTICS_ENV, ConversionSettings

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


def security_section() -> str:
    match = re.search(r"^## Security\n(.+?)^## ", README, re.S | re.M)
    assert match, "README has no '## Security' section"
    return match.group(1)


def test_security_section_names_only_real_tests_modules_and_settings():
    """What the Security section cites as its proof (test files, modules, settings) exists, so a claim cannot
    outlive the test that keeps it true."""
    from ktdash.core.settings import Settings

    section = security_section()
    tests = set(re.findall(r"`(tests/[\w/]+\.py)`", section))
    assert len(tests) >= 8
    missing = [t for t in tests if not (ROOT / t).exists()]
    assert not missing
    for module in set(re.findall(r"`(ktdash/[\w/]+\.py)`", section)):
        assert (ROOT / module).exists(), module
    documented = set(re.findall(r"`(KTDASH_[A-Z_]+)`", section))
    source = (ROOT / "ktdash" / "core" / "settings.py").read_text(encoding="utf-8")
    assert all(f'"{name}"' in source or f"`{name}`" in source for name in documented), documented
    assert Settings.from_env({}).limits  # the limits the section names are settings
    for function in ("ktdash.output.exports.tables.neutralise", "ktdash.core.formatting.markdown_escape",
                     "ktdash.output.charts.safe_figure", "ktdash.store.connection.store_error",
                     "ktdash.access.permissions.allowed"):
        module, _, name = function.rpartition(".")
        assert f"`{function}`" in section and hasattr(__import__(module, fromlist=[name]), name), function
