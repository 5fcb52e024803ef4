"""Scanner Station: digitise Vietnamese administrative paper records."""

__version__ = "0.1.0"
