"""Signed export packages (issue 6). May import storage and below, never cli or gui."""
