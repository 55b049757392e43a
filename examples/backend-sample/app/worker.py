"""Background jobs with Celery, Redis as the broker."""
import logging

from celery import Celery

from app.settings import settings

celery_app = Celery("todo", broker=settings.redis_url or "redis://localhost:6379/0")
log = logging.getLogger("worker")


@celery_app.task
def send_reminder(task_id: int) -> None:
    log.info("reminder for task %s", task_id)
