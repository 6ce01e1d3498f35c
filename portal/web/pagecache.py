"""Pages rendered once per process and shared by visitors who are not signed in.

A QR code opens the public verification page: customs officers and banks, many times a day,
never signed in; the home and procedure pages are where every visitor starts. Rendering cost
four fifths of such a request, yet the HTML depends only on the language, the path and the
facts the view puts in the key. The one part that belongs to the visitor, the CSRF token of
its forms, is put back into the HTML on the way out.
"""
import time
from collections import OrderedDict
from threading import Lock

from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

TOKEN_MARK = "\x00csrf-token\x00"  # never in rendered HTML: Jinja escapes no control character


class Recent:
    """A bounded map, least recently used out first, whose entries may expire; threads share
    it under the development server and gthread workers."""

    def __init__(self, size: int, seconds: float | None = None):
        self._items: OrderedDict = OrderedDict()
        self._size, self._seconds = size, seconds
        self._lock = Lock()

    def get(self, key):
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            expires, value = found
            if expires is not None and expires <= time.monotonic():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        expires = None if self._seconds is None else time.monotonic() + self._seconds
        with self._lock:
            self._items[key] = (expires, value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def forget(self, key) -> None:
        with self._lock:
            self._items.pop(key, None)


def init_app(app: Flask) -> None:
    app.extensions["pagecache"] = Recent(size=4096)


def page(key: tuple, render) -> str:
    """The HTML `render()` makes, kept under `key` for the visitors who may share it."""
    if not _shareable():
        return render()
    pages = current_app.extensions["pagecache"]
    key = (str(get_locale()), request.path, *key)
    token = generate_csrf()
    html = pages.get(key)
    if html is not None:
        return html.replace(TOKEN_MARK, token)
    html = render()
    pages.put(key, html.replace(token, TOKEN_MARK))
    return html


def _shareable() -> bool:
    """A plain GET by an anonymous visitor with no message waiting: the same page for all."""
    return (request.method == "GET" and not request.query_string and "_flashes" not in session
            and not current_user.is_authenticated)
