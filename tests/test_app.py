import os
import re
import subprocess
import sys

import pytest

from config import ROOT, ProductionConfig, TestingConfig
from rollout import create_app


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_without_database_is_503():
    app = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none"
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


@pytest.mark.parametrize("app_env", ["production", None])
def test_production_refuses_to_start_without_secret_key(app_env):
    """Also when APP_ENV is forgotten: production is the default."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "APP_ENV")}
    if app_env:
        env["APP_ENV"] = app_env
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", "import wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.fixture
def production(monkeypatch):
    """ProductionConfig with the two settings it refuses to start without."""
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    monkeypatch.setattr(ProductionConfig, "BASE_URL", "https://pp.example")
    monkeypatch.setattr(ProductionConfig, "TRUSTED_HOSTS", ["pp.example", "localhost"])
    return ProductionConfig


def test_production_refuses_to_start_without_its_public_address(production, monkeypatch):
    """Issue 15, point 5: links in mail are built on BASE_URL, never on a request's Host."""
    monkeypatch.setattr(ProductionConfig, "BASE_URL", "")
    monkeypatch.setattr(ProductionConfig, "TRUSTED_HOSTS", [])
    with pytest.raises(RuntimeError, match="BASE_URL must be set"):
        create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_answers_only_its_own_hosts(production):
    client = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://").test_client()
    assert client.get("/robots.txt", headers={"Host": "pp.example"}).status_code == 200
    assert client.get("/robots.txt", headers={"Host": "evil.example"}).status_code == 400


def test_production_cookies_are_secure(production):
    app = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_the_interface_is_dutch(client):
    page = client.get("/login").text
    assert '<html lang="nl-BE">' in page
    assert "Aanmelden" in page
    assert "<label" in page and 'for="email"' in page


def test_static_assets_are_served_locally(client):
    page = client.get("/login").text
    assert "cdn" not in page.lower()
    assert client.get("/static/vendor/bootstrap-5.3.9/bootstrap.min.css").status_code == 200


def test_every_page_has_a_favicon(client):
    """Issue 9, point 15: an SVG linked in the head; /favicon.ico answers too."""
    page = client.get("/login").text
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert link and re.fullmatch(r"/static/favicon\.[0-9a-f]{12}\.svg", link.group(1))
    icon = client.get(link.group(1))
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert b"<svg" in icon.get_data()
    old_way = client.get("/favicon.ico")
    assert old_way.status_code in (301, 302) and old_way.headers["Location"] == link.group(1)


def test_a_server_error_gets_a_dutch_page(_app):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=_app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text


def test_every_response_limits_base_and_form_targets_and_hsts_is_for_production(client, production):
    for path in ("/login", "/robots.txt"):
        policy = client.get(path).headers["Content-Security-Policy"]
        assert "base-uri 'none'" in policy and "form-action 'self'" in policy
    assert "Strict-Transport-Security" not in client.get("/login").headers

    app = create_app(production, SQLALCHEMY_DATABASE_URI="sqlite://")
    response = app.test_client().get("/robots.txt")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    off = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://", HSTS_SECONDS=0)
    assert "Strict-Transport-Security" not in off.test_client().get("/robots.txt").headers
