"""The command reference of the README (命令参考, in Chinese) and docs/commands.md (in
English): every command's --help as the CLI itself prints it, written by cog and checked
in CI, so the documentation cannot drift from the commands."""

from __future__ import annotations


def command_reference(lang: str, columns: int = 88) -> str:
    """Every command's --help in one language, as Markdown sections (README: 命令参考 in
    Chinese; docs/commands.md in English)."""
    from typer.testing import CliRunner

    from ipcheck.cli import app

    runner = CliRunner()
    out = []
    env = {"COLUMNS": str(columns), "NO_COLOR": "1", "IPCHECK_LANG": lang}
    for args in [[], *([c.name] for c in app.registered_commands if c.name)]:
        result = runner.invoke(app, [*args, "--help"], env=env)
        out += ["", "### `" + " ".join(["ipcheck", *args, "--help"]) + "`", "", "```text"]
        out.append(result.stdout.rstrip("\n"))
        out.append("```")
    return "\n".join(out) + "\n"
