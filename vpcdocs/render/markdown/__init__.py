"""Markdown rendering of the docs pages: Jinja2 templates, escaping, and the data they are given."""
