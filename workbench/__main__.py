"""`python -m workbench` runs the same Typer app as the `workbench` script."""

from workbench.cli import main

main()
