"""Configuration from the environment: no secret lives in the code or the image."""
import os


class Settings:
    def __init__(self) -> None:
        self.database_url = os.environ.get("DATABASE_URL", "sqlite:///./todo.db")
        self.redis_url = os.environ.get("REDIS_URL", "")
        self.secret_key = os.environ.get("SECRET_KEY", "")


settings = Settings()
