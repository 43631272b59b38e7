"""Who is asking: loopback needs no login; anywhere else needs users or a token, or no start.

Passwords are stored as PBKDF2-SHA256 hashes (``pbkdf2_sha256$iterations$salt$hash``, made by
``monitor serve --hash-password``); a browser signs in with HTTP Basic, an API client with
``Authorization: Bearer <token>`` (the token is read from the environment, never the config
file). Every review records the user the request was authenticated as; on loopback without
authentication that is the account running monitor.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import hashlib
import hmac
import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from monitor.config import WebSettings
from monitor.errors import ConfigError

__all__ = ["Auth", "hash_password", "is_loopback", "split_listen", "verify_password"]

_ITERATIONS = 600_000


def hash_password(password: str, *, iterations: int = _ITERATIONS, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, iterations, salt, _digest = stored.split("$")
        fresh = hash_password(password, iterations=int(iterations), salt=salt)
    except ValueError:
        return False
    return hmac.compare_digest(fresh, stored)


def split_listen(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Auth:
    """The accepted credentials; ``required`` is False only on loopback with none configured.
    A password is hashed slowly on purpose, so credentials that passed once are remembered
    (by their own hash) for the life of the process."""

    users: Mapping[str, str]
    token: str | None
    required: bool
    local_user: str
    _passed: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def for_listen(cls, web: WebSettings, host: str, config_file: object = "configuration",
                   environ: Mapping[str, str] | None = None) -> Auth:
        """Refuse a non-loopback address without authentication (a ConfigError naming the key)."""
        env = os.environ if environ is None else environ
        token = env.get(web.token_env) or None
        configured = bool(web.users or token)
        if not configured and not is_loopback(host):
            raise ConfigError(config_file, f"listening on {host} needs authentication: set web.users "
                              f"or the {web.token_env} environment variable (or listen on 127.0.0.1)",
                              "web.listen")
        return cls(users=dict(web.users), token=token, required=configured, local_user=_local_user())

    def user_for(self, authorization: str | None) -> str | None:
        """The user these credentials belong to; None when they do not pass."""
        if not self.required:
            return self.local_user
        scheme, _, value = (authorization or "").partition(" ")
        if scheme.lower() == "bearer" and self.token:
            return "token" if hmac.compare_digest(value.strip(), self.token) else None
        if scheme.lower() == "basic":
            return self._basic(value.strip())
        return None

    def _basic(self, value: str) -> str | None:
        key = hashlib.sha256(value.encode("utf-8")).hexdigest()
        if key in self._passed:
            return self._passed[key]
        user = self._check_basic(value)
        if user is not None:
            self._passed[key] = user
        return user

    def _check_basic(self, value: str) -> str | None:
        try:
            name, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        stored = self.users.get(name)
        if stored is not None and verify_password(password, stored):
            return name
        if self.token and hmac.compare_digest(password, self.token):
            return name or "token"
        return None


def _local_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"
