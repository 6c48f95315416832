"""One adapter per public source behind `base.py`; bulk files; the reference importer.

Modules that import requests import `stdjson` first (requests then parses with the standard
library's JSON reader); nothing here loads requests, so the offline commands stay quick.
"""
