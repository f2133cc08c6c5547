"""Views: display-ready models for the templates (report pages, bureaus, comparisons)."""
