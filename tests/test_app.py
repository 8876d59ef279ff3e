import pytest

from config import ProductionConfig, TestingConfig
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


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
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


def test_a_server_error_gets_a_dutch_page(_app):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=_app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text
