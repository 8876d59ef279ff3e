"""P&P Rollout Tracker: the web application of the P&P dissemination plan."""

from flask import Flask

from config import ROOT, Config, config_for
from rollout import setup


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    config = config or config_for()
    if hasattr(config, "check"):
        config.check()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config)
    app.config.update(overrides)

    setup.register_proxy(app)
    setup.register_extensions(app)
    setup.register_security(app)
    setup.register_blueprints(app)
    setup.register_templating(app)
    setup.register_error_pages(app)
    setup.register_cli(app)
    return app
