"""Read-through cache for task lists in Redis (async client)."""
import json

import redis.asyncio as redis

from app.settings import settings

client = redis.from_url(settings.redis_url or "redis://localhost:6379/0")
TTL_SECONDS = 30


async def cached_tasks(load) -> list[dict]:
    hit = await client.get("tasks:all")
    if hit is not None:
        return json.loads(hit)
    tasks = await load()
    await client.setex("tasks:all", TTL_SECONDS, json.dumps(tasks))
    return tasks


async def forget_tasks() -> None:
    await client.delete("tasks:all")
