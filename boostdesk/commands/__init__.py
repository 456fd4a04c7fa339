"""The command-line commands: one module per group, listed in ``boostdesk.cli.COMMAND_MODULES``."""
