"""Runnable tools (`python -m scripts.tools.<name>`): never imported by the build."""
