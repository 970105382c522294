"""Django's Redis cache, for which Redis being down is a cache miss rather than a server error.

What the cache holds here can be lost: rendered charts (recomputed), throttle and login-failure counts
(the limits lapse for the length of an outage, logged). Pages, uploads and complaints keep working.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _tolerant(method, fallback):
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as exc:
            logger.warning("cache unavailable, %s treated as a miss: %s", method.__name__, exc)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    call.__name__ = method.__name__
    return call


class TolerantRedisCache(RedisCache):
    get = _tolerant(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _tolerant(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _tolerant(RedisCache.has_key, False)
    set = _tolerant(RedisCache.set, None)
    set_many = _tolerant(RedisCache.set_many, lambda *args, **kwargs: [])
    add = _tolerant(RedisCache.add, False)
    touch = _tolerant(RedisCache.touch, False)
    incr = _tolerant(RedisCache.incr, lambda key, delta=1, version=None: delta)
    delete = _tolerant(RedisCache.delete, False)
    delete_many = _tolerant(RedisCache.delete_many, None)
    clear = _tolerant(RedisCache.clear, None)


def cached(*parts, build, seconds: int):
    """What `build()` returns, kept under a key made of `parts` (a data version, the reader, the language, the
    query ...) and the active language: built once per distinct key, until `seconds` pass."""
    from django.core.cache import cache

    key = _key("cached", *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def _key(kind: str, *parts) -> str:
    import hashlib

    from django.utils.translation import get_language

    return f"{kind}:" + hashlib.sha256("|".join(map(str, (*parts, get_language()))).encode()).hexdigest()


def cached_page(request, *parts, build, seconds: int):
    """A whole page, kept for one reader: built once per `parts` (the data versions ...), path and query, reader
    (who, in which role, of which entity), session CSRF secret and language, so a hit renders nothing and asks the
    database nothing. Built afresh, not kept, when the reader has messages waiting or has no CSRF cookie yet (the
    page would carry a token for a secret the browser does not hold); only complete HTML pages are kept."""
    from django.contrib import messages
    from django.core.cache import cache
    from django.http import HttpResponse

    user, secret = request.user, request.META.get("CSRF_COOKIE", "")
    if request.method != "GET" or not secret or len(messages.get_messages(request)):
        return build()
    key = _key("page", *parts, request.get_full_path(), user.pk, user.get_username(), user.role, user.lender_id,
               user.agency_id, user.is_staff, secret)
    body = cache.get(key)
    if body is not None:
        return HttpResponse(body)
    response = build()
    if response.status_code == 200 and not response.streaming and response["Content-Type"].startswith("text/html"):
        cache.set(key, response.content, seconds)
    return response
