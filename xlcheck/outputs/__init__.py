"""Outputs: what is written from a format's layout or a checked ``Report``."""
