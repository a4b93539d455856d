"""The relational store: models, engines and sessions, and the Alembic migrations.

from contests.store import make_engine, session_factory, upgrade
upgrade(url)                      # sync; inside an event loop: await upgrade_async(url)
engine = make_engine(url)
async with session_factory(engine)() as session:
    ...                           # call contests.usecases functions with the session
"""

from contests.store import campaign_people as _campaign_people  # noqa: F401  (its tables join Base.metadata)
from contests.store import field_stamps as _field_stamps  # noqa: F401  (its tables join Base.metadata)
from contests.store import honours as _honours  # noqa: F401  (its tables join Base.metadata)
from contests.store import honours_files as _honours_files  # noqa: F401  (its tables join Base.metadata)
from contests.store import import_jobs as _import_jobs  # noqa: F401  (its tables join Base.metadata)
from contests.store import labour as _labour  # noqa: F401  (its tables join Base.metadata)
from contests.store import shared_counts as _shared_counts  # noqa: F401  (its tables join Base.metadata)
from contests.store.database import DEFAULT_URL, database_url, is_sqlite, make_engine, session_factory
from contests.store.migrate import alembic_config, upgrade, upgrade_async
from contests.store.models import Base

__all__ = [
    "Base",
    "DEFAULT_URL",
    "alembic_config",
    "database_url",
    "is_sqlite",
    "make_engine",
    "session_factory",
    "upgrade",
    "upgrade_async",
]
