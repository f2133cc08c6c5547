"""Outputs: pages, open data, the search index, host headers, and publishing the whole."""
