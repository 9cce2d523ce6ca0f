"""The ``spc`` command: subcommands contributed by each package, the scan command and its output formats."""
