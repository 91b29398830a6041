"""The HTTP API under /api/v1/ (OpenAPI 3 at /api/v1/openapi.json)."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Forum API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
)
