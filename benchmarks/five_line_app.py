"""The yardstick for benchmarks/public.py: a 5-line Flask app returning a constant 10 KB page."""
from flask import Flask

app = Flask(__name__)
PAGE = ("<!doctype html><title>x</title>" + "x" * 10_240)[:10_240]
app.add_url_rule("/<path:anything>", "page", lambda anything: PAGE)
