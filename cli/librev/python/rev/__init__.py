"""rev: database migrations as a graph of plain SQL revisions, from Python.

The calls run what the ``rev`` command line runs, inside this process (through librev)::

    import rev
    rev.upgrade("head", config="rev.yaml")       # {"command": "upgrade", "applied": 2, ...}
    if rev.pending(config="rev.yaml"): ...

Each returns the JSON document ``rev --json`` prints, as a dict. A failure raises
``rev.Error``, carrying the command line's exit code, its message and its document.
"""

import json
import os
import warnings

from . import _rev

__all__ = ["Error", "Project", "upgrade", "downgrade", "current", "status", "validate",
           "pending", "LOCK_WAIT", "LOCK_SKIP"]
__version__ = _rev.version()

LOCK_WAIT = "wait"
"""Wait for another process's migration lock (up to ``lock_timeout`` seconds)."""
LOCK_SKIP = "skip"
"""Do not queue for the lock: return once the process holding it has brought the
database to head (or raise after ``lock_timeout`` seconds)."""

# The exit codes of `rev`.
OK, FAILED, INVALID, LOCKED, REFUSED, INTERRUPTED = 0, 1, 2, 3, 4, 130


class Error(Exception):
    """A rev call that did not succeed.

    ``exit_code`` is what the ``rev`` command line would have exited with (1 failed,
    2 bad input, 3 locked, 4 refused, 130 interrupted), ``message`` what it would have
    said, ``result`` its JSON document as a dict (``None`` when there was none).
    """

    def __init__(self, exit_code, message, result=None):
        super().__init__(message or "rev failed with exit code %d" % exit_code)
        self.exit_code = exit_code
        self.message = message
        self.result = result


def _text(name, value, required=False):
    """`value` as the bytes librev takes: a str (a path too, for config) or None."""
    if value is None and not required:
        return b""
    is_path = name == "config"
    if is_path and isinstance(value, (os.PathLike, bytes)):
        value = os.fsdecode(value)
    if not isinstance(value, str):
        raise TypeError("rev: %s must be a str%s, not %s" % (
            name, " or a path" if is_path else "", type(value).__name__))
    if "\0" in value:
        raise ValueError("rev: %s must not contain a NUL character" % name)
    if is_path:
        return os.fsencode(value)  # a file name's bytes, whatever they are
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("rev: %s is not valid text: %s" % (name, error)) from None


def _callable(name, value):
    if value is not None and not callable(value):
        raise TypeError("rev: %s must be callable or None, not %s" % (name, type(value).__name__))
    return value


def _document(text):
    return json.loads(text) if text else None


class Project:
    """A project (its rev.yaml) and one database, open for several calls.

    ``config``: rev.yaml or its folder (default: the nearest rev.yaml upward from the
    working folder). ``database``: a URL over rev.yaml's. ``env``: an environment of
    rev.yaml. ``lock``: LOCK_WAIT or LOCK_SKIP; ``lock_timeout``: seconds (default: the
    command line's). ``on_log(level, line)`` gets each line rev would print on stderr
    (level "error", "warning" or "info"); ``on_progress(step)`` a dict when a step starts
    and ends. Use one Project per thread; close it (or use ``with``).
    """

    def __init__(self, config=None, *, database=None, env=None, lock=LOCK_WAIT,
                 lock_timeout=None, on_log=None, on_progress=None):
        if lock not in (LOCK_WAIT, LOCK_SKIP):
            raise ValueError("rev: lock must be rev.LOCK_WAIT or rev.LOCK_SKIP, not %r" % (lock,))
        if lock_timeout is not None and (isinstance(lock_timeout, bool) or
                                         not isinstance(lock_timeout, (int, float))):
            raise TypeError("rev: lock_timeout must be a number of seconds, not %s"
                            % type(lock_timeout).__name__)
        self._core = None  # until it opened
        core = _rev.Core(_text("config", config), _text("database", database), _text("env", env))
        self._check(core.opened())
        self._check(core.set_lock_policy(lock == LOCK_SKIP,
                                         -1.0 if lock_timeout is None else float(lock_timeout)))
        core.on_log(_callable("on_log", on_log))
        core.on_progress(_callable("on_progress", on_progress))
        self._core = core

    def upgrade(self, target="head"):
        """``rev upgrade TARGET``; already at the target is success."""
        return self._run(self._open().upgrade, _text("target", target, required=True))

    def downgrade(self, target):
        """``rev downgrade TARGET`` (a revision, ``base``, ``-1``)."""
        return self._run(self._open().downgrade, _text("target", target, required=True))

    def current(self):
        """``rev current``: the database's heads."""
        return self._run(self._open().current)

    def status(self):
        """``rev status``: heads, pending revisions, drift, locks."""
        return self._run(self._open().status)

    def validate(self):
        """``rev validate``: the folder's findings; raises Error when there are errors."""
        return self._run(self._open().validate)

    def pending(self):
        """Whether revisions wait to be applied to reach head."""
        code, document, message, answer = self._open().pending()
        self._check((code, document, message))
        return answer

    def close(self):
        self._core = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _open(self):
        if self._core is None:
            raise Error(INVALID, "rev: error: the project is closed")
        return self._core

    def _run(self, call, *args):
        code, document, message = call(*args)
        self._check((code, document, message))
        return _document(document)

    @staticmethod
    def _check(outcome):
        code, document, message = outcome
        if code != OK:
            raise Error(code, message, _document(document))
        if message:  # the call succeeded, but a callback raised
            warnings.warn(message, RuntimeWarning, stacklevel=3)


def _once(method, target, config, kwargs):
    with Project(config, **kwargs) as project:
        call = getattr(project, method)
        return call() if target is None else call(target)


def upgrade(target="head", *, config=None, **kwargs):
    """``rev upgrade``: see Project for the keyword arguments."""
    return _once("upgrade", target, config, kwargs)


def downgrade(target, *, config=None, **kwargs):
    """``rev downgrade``: see Project for the keyword arguments."""
    return _once("downgrade", target, config, kwargs)


def current(*, config=None, **kwargs):
    return _once("current", None, config, kwargs)


def status(*, config=None, **kwargs):
    return _once("status", None, config, kwargs)


def validate(*, config=None, **kwargs):
    return _once("validate", None, config, kwargs)


def pending(*, config=None, **kwargs):
    return _once("pending", None, config, kwargs)
