"""Turning text people wrote into HTML that is safe to show readers (pure: no Flask, no database)."""

from factcheck.rendering.markdown import Citation, plain_text_excerpt, render_markdown, safe_url

__all__ = ["Citation", "plain_text_excerpt", "render_markdown", "safe_url"]
