"""Inbox intake and the watched-folder loop. Imports storage and below."""
