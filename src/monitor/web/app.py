"""The workspace as an ASGI application: one small view per page, each page's JSON under /api/.

Views read the store through ``monitor.web.queries`` (reviews win there, through the store's
verdicts view) and write only through review actions. Every response carries a strict
Content-Security-Policy (scripts and styles from this app only, no inline code); every form
carries a CSRF token bound to the user, and a cross-origin POST is refused outright.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode, urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from monitor.config import Settings
from monitor.errors import StoreError
from monitor.report.digest import Digest, DigestItem
from monitor.report.feed import render_atom
from monitor.service.health import Metrics
from monitor.store.contract import open_store
from monitor.store.reviews import ACTIONS, ReviewRequest
from monitor.store.search import STATUSES
from monitor.store.sqlite import Store
from monitor.web import queries
from monitor.web.auth import Auth
from monitor.web.templating import render

__all__ = ["CSP", "Workspace", "create_app"]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
_STATUS_LABELS = {"": "any status", "tagged": "tagged", "untagged": "not tagged",
                  "reviewed": "reviewed", "unreviewed": "not reviewed"}
_OPEN_PATHS = ("/healthz",)


@dataclass
class Workspace:
    """What the views share: settings, the store, who may come in, and the counters."""

    settings: Settings
    store: Store
    auth: Auth
    metrics: Metrics
    health: Callable[[], dict[str, Any]]
    secret: bytes

    def csrf(self, user: str) -> str:
        return hmac.new(self.secret, user.encode("utf-8"), hashlib.sha256).hexdigest()


def _ws(request: Request) -> Workspace:
    ws: Workspace = request.app.state.workspace
    return ws


def _user(request: Request) -> str:
    return str(request.state.user)


class _Guard(BaseHTTPMiddleware):
    """Authentication, security headers, and the request counter, for every response."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        ws = _ws(request)
        started = time.perf_counter()
        user = ws.auth.user_for(request.headers.get("authorization"))
        if user is None and request.url.path not in _OPEN_PATHS:
            response: Response = Response("authentication required\n", 401, media_type="text/plain",
                                          headers={"WWW-Authenticate": 'Basic realm="monitor"'})
        elif request.method == "POST" and not _same_origin(request):
            response = Response("cross-origin request refused\n", 403, media_type="text/plain")
        else:
            request.state.user = user or "anonymous"
            response = await call_next(request)
        response.headers.update({
            "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
            "Cache-Control": "no-store"})
        route = request.scope.get("route")
        ws.metrics.observe_request(getattr(route, "path", "other"), request.method,
                                   response.status_code, time.perf_counter() - started)
        return response


def _same_origin(request: Request) -> bool:
    """Browsers send Origin on a cross-site POST; it must name this very host."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.headers.get("host", "")
    # No Origin, or an opaque one: trust the browser's own Sec-Fetch-Site when it sends it.
    return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    user = _user(request)
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    body = render(template, workspace=True, user=user, csrf=_ws(request).csrf(user), back=back,
                  q=request.query_params.get("q", ""), kinds=queries.KINDS, **context)
    return HTMLResponse(body, status)


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status)
    return _page(request, "error.html", status, code=status, message=message)


def _day_param(request: Request) -> date | None:
    raw = request.query_params.get("date", "")
    return date.fromisoformat(raw) if raw else None


def _digest_json(d: Digest) -> Any:
    return d.model_dump(mode="json", by_alias=True)


def _item_json(item: DigestItem) -> Any:
    return item.model_dump(mode="json")


# -- day -------------------------------------------------------------------------------------


async def day_page(request: Request) -> Response:
    try:
        view = queries.day_view(_ws(request).store, _ws(request).settings, _day_param(request))
    except ValueError:
        return _error(request, 400, f"date: {request.query_params['date']!r} is not a date (YYYY-MM-DD)")
    if request.url.path.startswith("/api/"):
        return JSONResponse({"day": view["day"].isoformat(),
                             "previous": view["previous"] and view["previous"].isoformat(),
                             "next": view["next"] and view["next"].isoformat(),
                             "digest": _digest_json(view["digest"])})
    return _page(request, "day.html", v=view)


# -- search ----------------------------------------------------------------------------------


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return max(1, int(raw)) if raw.isdigit() else 1


def _with_page(path: str, params: dict[str, str], page: int) -> str:
    return f"{path}?{urlencode({**params, 'page': str(page)} if page > 1 else params)}"


async def search_page(request: Request) -> Response:
    ws = _ws(request)
    try:
        filters = queries.parse_filters(request.query_params)
        view = queries.search_view(ws.store, filters, _page_number(request), ws.settings.web.page_size)
    except (ValueError, StoreError) as exc:
        message = exc.problem if isinstance(exc, StoreError) else str(exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, 400)
        empty = {"filters": queries.parse_filters({}), "total": 0, "total_at_least": False,
                 "results": [], "page": 1, "pages": 1}
        return _page(request, "search.html", 400, v=empty, error=message, sources=_source_names(ws),
                     statuses=[(s, _STATUS_LABELS[s]) for s in STATUSES])
    params = filters.as_params()
    if request.url.path.startswith("/api/"):
        return JSONResponse({"filters": params, "page": view["page"], "pages": view["pages"],
                             "per_page": view["per_page"], "total": view["total"],
                             "total_at_least": view["total_at_least"],
                             "results": [_item_json(i) for i in view["results"]]})
    page = view["page"]
    return _page(request, "search.html", v=view, sources=_source_names(ws),
                 statuses=[(s, _STATUS_LABELS[s]) for s in STATUSES], error=None,
                 api_url=_with_page("/api/search", params, page),
                 prev_url=_with_page("/search", params, page - 1) if page > 1 else None,
                 next_url=_with_page("/search", params, page + 1) if page < view["pages"] else None)


def _source_names(ws: Workspace) -> list[str]:
    stored = [row[0] for row in ws.store.db.execute(
        "select distinct source from articles where source is not null order by source").fetchall()]
    return sorted(set(stored) | {s.name for s in ws.settings.sources})


# -- article and reviews ---------------------------------------------------------------------


async def article_page(request: Request) -> Response:
    view = queries.article_view(_ws(request).store, request.path_params["article_id"])
    if view is None:
        return _error(request, 404, "no such article")
    if request.url.path.startswith("/api/"):
        article = view["article"]
        return JSONResponse(json.loads(json.dumps({
            "article": article.model_dump(mode="json"), "verdict": view["verdict"],
            "reviews": view["reviews"], "history": view["history"], "fetches": view["fetches"],
            "first_seen_at": view["first_seen_at"], "updated_at": view["updated_at"]}, default=str)))
    from monitor.report.digest import safe_link

    article = view["article"]
    return _page(request, "article.html", a=view, link=safe_link(article.canonical_url or article.url))


def _split(raw: str, separators: str) -> list[str]:
    for sep in separators[1:]:
        raw = raw.replace(sep, separators[0])
    return [part.strip() for part in raw.split(separators[0]) if part.strip()]


def _review_request(data: dict[str, Any], user: str) -> ReviewRequest:
    """A form or JSON body as a review; ValueError says what is wrong with it."""
    action = str(data.get("action", ""))
    if action not in ACTIONS:
        raise ValueError(f"action: {action!r} is not one of {', '.join(ACTIONS)}")
    kind = str(data.get("kind") or "") or None
    if kind is not None and kind not in queries.KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(queries.KINDS)}")
    parties, sectors = data.get("parties"), data.get("sectors")
    if isinstance(parties, str):
        parties = _split(parties, "\n;")
    if isinstance(sectors, str):
        sectors = [s.lower() for s in _split(sectors, ",;")]
    note = data.get("note")
    return ReviewRequest(action=action, user=user, kind=kind,  # type: ignore[arg-type]
                         parties=list(parties) if parties is not None else None,
                         sectors=list(sectors) if sectors is not None else None,
                         note=str(note).strip()[:2000] if note is not None else None)


async def review_action(request: Request) -> Response:
    ws, user = _ws(request), _user(request)
    article_id = request.path_params["article_id"]
    is_api = request.url.path.startswith("/api/")
    if is_api:
        if request.headers.get("content-type", "").split(";")[0] != "application/json":
            return _error(request, 415, "send the review as application/json")
        data = await request.json()
        if not isinstance(data, dict):
            return _error(request, 400, "the body must be a JSON object")
    else:
        data = dict(await request.form())
        if not hmac.compare_digest(str(data.get("csrf", "")), ws.csrf(user)):
            return _error(request, 403, "the form is stale or forged (CSRF token mismatch); reload the page")
    try:
        review_id = ws.store.add_review(article_id, _review_request(data, user))
    except ValueError as exc:
        return _error(request, 400, str(exc))
    except StoreError as exc:
        return _error(request, 404, exc.problem)
    if is_api:
        return JSONResponse({"review": review_id, "verdict": queries.article_view(
            ws.store, article_id)["verdict"]})  # type: ignore[index]
    back = str(data.get("back") or "")
    safe_back = back if back.startswith("/") and not back.startswith("//") else f"/article/{article_id}"
    return RedirectResponse(safe_back, 303)


# -- sources, feed, health -------------------------------------------------------------------


async def sources_page(request: Request) -> Response:
    sources = queries.sources_view(_ws(request).store, _ws(request).settings)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"sources": sources})
    return _page(request, "sources.html", sources=sources)


async def feed(request: Request) -> Response:
    ws = _ws(request)
    public = ws.settings.web.public_url.rstrip("/")
    self_url = f"{public}/feed.atom" if public else str(request.url)
    return Response(render_atom(ws.store, ws.settings, self_url=self_url),
                    media_type="application/atom+xml")


async def healthz(request: Request) -> Response:
    report = _ws(request).health()
    return JSONResponse(json.loads(json.dumps(report, default=str)),
                        503 if report.get("status") == "down" else 200)


async def no_icon(_request: Request) -> Response:
    """Browsers ask for one; answering 'nothing' keeps their consoles and our 404 counts clean."""
    return Response(status_code=204)


async def metrics(request: Request) -> Response:
    body, content_type = _ws(request).metrics.exposition()
    return Response(body, media_type=content_type)


ROUTES = [
    Route("/", day_page), Route("/api/day", day_page),
    Route("/search", search_page), Route("/api/search", search_page),
    Route("/article/{article_id}", article_page), Route("/api/article/{article_id}", article_page),
    Route("/article/{article_id}/review", review_action, methods=["POST"]),
    Route("/api/article/{article_id}/review", review_action, methods=["POST"]),
    Route("/sources", sources_page), Route("/api/sources", sources_page),
    Route("/feed.atom", feed), Route("/healthz", healthz), Route("/metrics", metrics),
    Route("/favicon.ico", no_icon),
    Mount("/static", StaticFiles(packages=[("monitor.web", "static")]), name="static"),
]


def _store_health(store: Store) -> Callable[[], dict[str, Any]]:
    def health() -> dict[str, Any]:
        try:
            articles = store.db.execute("select count(*) from articles").fetchone()[0]
        except Exception as exc:  # the database went away: say so instead of failing
            return {"status": "down", "error": str(exc)}
        return {"status": "ok", "articles": articles}
    return health


def create_app(settings: Settings, auth: Auth, *, metrics: Metrics | None = None,
               health: Callable[[], dict[str, Any]] | None = None) -> Starlette:
    """The workspace over ``settings.db_path``; it opens its own connection (WAL lets it read
    while the daemon writes) and closes it on shutdown."""
    # Either backend: a PostgreSQL store presents the same surface (store/contract.py).
    store = cast("Store", open_store(settings))
    ws = Workspace(settings=settings, store=store, auth=auth, metrics=metrics or Metrics(),
                   health=health or _store_health(store), secret=secrets.token_bytes(32))

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    async def not_found(request: Request, _exc: Exception) -> Response:
        return _error(request, 404, "no such page")

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {404: not_found}
    app = Starlette(routes=ROUTES, middleware=[Middleware(_Guard)], lifespan=lifespan,
                    exception_handlers=handlers)
    app.state.workspace = ws
    return app
