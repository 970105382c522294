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
    import hashlib

    from django.core.cache import cache
    from django.utils.translation import get_language

    key = "cached:" + hashlib.sha256("|".join(map(str, (*parts, get_language()))).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value
