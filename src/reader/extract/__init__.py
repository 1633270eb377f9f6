"""Quotes, speakers, entities and links found in article text (pure Python, no UI)."""
