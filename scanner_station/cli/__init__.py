"""Command line. Top layer."""
