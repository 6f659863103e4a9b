"""What a published verdict looks like to the outside world: JSON-LD, charts, share images.

Every module here is pure (no Flask, no database, no network): it takes plain values and
returns strings, dicts or bytes, so the web layer stays thin and these stay easy to test.
"""
