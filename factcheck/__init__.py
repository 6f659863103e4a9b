"""factcheck: a self-hosted fact-check desk for newsrooms."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

from factcheck import config as configuration
from factcheck.db import make_engine, make_sessionmaker

PACKAGE = Path(__file__).resolve().parent


def template_folder() -> Path:
    """Inside an installed wheel the templates are factcheck/templates; in a checkout, ../templates."""
    for candidate in (PACKAGE / "templates", PACKAGE.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise RuntimeError("factcheck's templates are missing: reinstall the package")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The only place that reads configuration and the environment."""
    instance_path = Path((config or {}).get("INSTANCE_PATH") or configuration.default_instance_path())
    app = Flask(__name__, instance_path=str(instance_path), template_folder=str(template_folder()),
                static_folder=str(PACKAGE / "static"))
    instance_path.mkdir(parents=True, exist_ok=True)  # the SQLite file and the secret key live here
    app.config.update(configuration.resolve(instance_path, config, os.environ))
    if not app.config.get("SECRET_KEY"):
        if app.config["TESTING"]:
            app.config["SECRET_KEY"] = "test-only-key"
        else:
            app.config["SECRET_KEY"] = configuration.instance_secret_key(instance_path)
    if app.config["TESTING"]:
        from factcheck.services.accounts import use_cheap_hashing

        use_cheap_hashing()
    if app.config["MATCHING_SEMANTIC"]:
        from factcheck.matching import semantic

        if not semantic.enable(True):
            app.logger.warning("MATCHING_SEMANTIC is on but the semantic extra is not installed or its weights "
                               "failed the check: matching stays on the light path.")
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["factcheck.engine"] = engine
    app.extensions["factcheck.sessionmaker"] = make_sessionmaker(engine)

    from factcheck.tasks import queue_spec

    queue_spec(app)  # a wrong TASK_QUEUE fails at start; the queue itself is made at its first use

    from factcheck.web import register

    register(app)
    return app
