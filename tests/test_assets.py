"""Static files: versioned names, compressed once, the copy each client accepts."""

import gzip
import re

import brotli
import pytest

from config import ROOT
from rollout.assets import build_static

PLOTLY = ROOT / "static" / "vendor" / "plotly-basic-3.7.0" / "plotly-basic.min.js"
YEAR_IMMUTABLE = "max-age=31536000, public, immutable"


@pytest.fixture
def plotly_url(client, login_as) -> str:
    login_as("lead")
    page = client.get("/provinces/antwerpen").text
    return re.search(r'src="(/static/vendor/plotly-basic[^"]+\.js)"', page).group(1)


def get(client, url, accept_encoding=None):
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding is not None else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response


def test_plotly_url_is_versioned_by_content(plotly_url):
    assert re.fullmatch(
        r"/static/vendor/plotly-basic-3\.7\.0/plotly-basic\.min\.[0-9a-f]{12}\.js", plotly_url
    )


def test_a_client_accepting_only_gzip_gets_gzip(client, plotly_url):
    response = get(client, plotly_url, "gzip")
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    body = response.get_data()
    assert len(body) < 400_000  # 1.1 MB as is
    assert gzip.decompress(body) == PLOTLY.read_bytes()


def test_a_client_accepting_brotli_gets_brotli(client, plotly_url):
    for accepted in ("br", "gzip, deflate, br, zstd"):
        response = get(client, plotly_url, accepted)
        assert response.headers["Content-Encoding"] == "br"
        assert brotli.decompress(response.get_data()) == PLOTLY.read_bytes()


def test_a_client_without_accept_encoding_gets_the_file_as_is(client, plotly_url):
    for accepted in (None, "identity"):
        response = get(client, plotly_url, accepted)
        assert "Content-Encoding" not in response.headers
        assert response.get_data() == PLOTLY.read_bytes()


def test_versioned_files_are_cached_for_a_year_with_the_pages_security_headers(client, plotly_url):
    response = get(client, plotly_url, "gzip")
    assert response.headers["Cache-Control"] == YEAR_IMMUTABLE
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "form-action 'self'" in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers
    assert "Access-Control-Allow-Origin" not in response.headers
    etag = response.headers["ETag"]
    assert client.get(plotly_url, headers={"If-None-Match": etag}).status_code == 304


def test_every_asset_of_a_page_is_versioned_and_compressed(client):
    page = client.get("/login").text
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert len(urls) == 4  # the favicon, Bootstrap's CSS and JS, our CSS
    for url in urls:
        response = get(client, url, "gzip")
        assert response.headers["Cache-Control"] == YEAR_IMMUTABLE
        assert response.headers["Content-Encoding"] == "gzip"


def test_html_pages_are_still_compressed(client):
    for accepted, encoding in (("gzip", "gzip"), ("br", "br")):
        response = client.get("/login", headers={"Accept-Encoding": accepted})
        assert response.headers["Content-Encoding"] == encoding
        assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Content-Encoding" not in client.get("/login").headers


def test_an_unversioned_url_still_serves_the_file_without_long_caching(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_build_makes_each_version_once_and_drops_old_ones(tmp_path):
    source, folder = tmp_path / "static", tmp_path / "build"
    (source / "css").mkdir(parents=True)
    css = source / "css" / "app.css"
    css.write_text("body { color: black; }\n" * 200)
    (source / "logo.png").write_bytes(b"\x89PNG" + bytes(2000))
    (source / "tiny.js").write_text("x")

    names = build_static(source, folder)
    versioned = folder / names["css/app.css"]
    assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", names["css/app.css"])
    assert versioned.read_bytes() == css.read_bytes()
    assert gzip.decompress((folder / (names["css/app.css"] + ".gz")).read_bytes()) == (
        css.read_bytes()
    )
    assert brotli.decompress((folder / (names["css/app.css"] + ".br")).read_bytes()) == (
        css.read_bytes()
    )
    # images are compressed already; one byte does not get smaller
    for name in ("logo.png", "tiny.js"):
        assert (folder / names[name]).is_file()
        assert not (folder / (names[name] + ".gz")).exists()
        assert not (folder / (names[name] + ".br")).exists()

    made = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    assert build_static(source, folder) == names
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == made

    css.write_text("body { color: navy; }\n" * 200)
    new_names = build_static(source, folder)
    assert new_names["css/app.css"] != names["css/app.css"]
    assert (folder / new_names["css/app.css"]).read_bytes() == css.read_bytes()
    assert not versioned.exists()
    assert not versioned.with_name(versioned.name + ".br").exists()
