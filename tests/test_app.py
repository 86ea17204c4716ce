"""The interim browser page: rendering escapes untrusted article text."""

from __future__ import annotations

import sys

from conftest import ROOT

from assistant.types import Chunk, Passage


def test_render_escapes_article_html():
    sys.path.insert(0, str(ROOT))
    import app

    evil = Chunk("c1", "d1", 0, 0, 40, "<script>alert(1)</script><img src=x onerror=alert(2)>", "<b>Title</b>")
    out = app.render([Passage(evil, 0.9)])
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&lt;b&gt;Title&lt;/b&gt;" in out
    assert app.render([]) == "<p>No passages found.</p>"
