"""A Flask app that migrates its database when it starts: rev in the app factory.

    REV_CONFIG=path/to/rev.yaml python3 app.py --port 8000

Every replica of an app may start at the same moment. Each calls rev.upgrade("head") in
create_app(): one takes the migration lock and applies what is pending, the others wait
for it (rev.LOCK_WAIT) and then find the database already at head, which is success, not
an error. A replica that must never migrate would poll rev.pending() instead, or pass
lock=rev.LOCK_SKIP to return as soon as another process has brought the database to head.
"""

import argparse
import os

from flask import Flask, jsonify

import rev


def create_app(config=None):
    app = Flask(__name__)
    app.config["REV_CONFIG"] = config or os.environ.get("REV_CONFIG", "rev.yaml")

    # Migrate before serving: a request never meets an old schema. rev.Error (exit code,
    # message) stops the start-up, as a failed migration should.
    result = rev.upgrade("head", config=app.config["REV_CONFIG"], lock=rev.LOCK_WAIT,
                         on_progress=lambda step: app.logger.info("rev: %s %s",
                                                                  step["text"], step["status"]))
    app.config["REV_APPLIED_AT_START"] = result["applied"]
    app.logger.warning("database at %s; %d revisions applied at start-up",
                       ", ".join(result["heads"]) or "<base>", result["applied"])

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    @app.get("/")
    def index():
        status = rev.status(config=app.config["REV_CONFIG"])
        return jsonify(pid=os.getpid(), heads=status["current"],
                       up_to_date=status["up_to_date"],
                       applied_at_start=app.config["REV_APPLIED_AT_START"])

    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--config", help="rev.yaml (default: $REV_CONFIG, else ./rev.yaml)")
    args = parser.parse_args()
    create_app(args.config).run(host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
