"""`python -m pipeline` is the `council` command."""

from pipeline.cli import app

app(prog_name="council")
