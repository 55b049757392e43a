"""The database: SQLAlchemy models over DATABASE_URL (SQLite locally, PostgreSQL in Compose)."""
from sqlalchemy import Boolean, Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

from app.settings import settings

IS_SQLITE = settings.database_url.startswith("sqlite")
# SQLite connections are used by FastAPI's worker threads too.
engine = create_engine(
    settings.database_url,
    pool_pre_ping=True,
    connect_args={"check_same_thread": False} if IS_SQLITE else {},
)
SessionLocal = sessionmaker(bind=engine, autoflush=False)
Base = declarative_base()


class Task(Base):
    __tablename__ = "tasks"

    id = Column(Integer, primary_key=True)
    title = Column(String(200), index=True, nullable=False)
    done = Column(Boolean, default=False, nullable=False)

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "done": self.done}


def get_session():
    with SessionLocal() as session:
        yield session
