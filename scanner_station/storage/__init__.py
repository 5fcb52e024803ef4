"""The store (SQLite with WAL; the only package with SQL). Imports domain and below."""

from .store import SCHEMA_VERSION, Job, Store

__all__ = ["SCHEMA_VERSION", "Job", "Store"]
