"""CLI subcommands, one module each; `vpcdocs.cli` imports them lazily."""
