"""Every storage test taking `store` or `database` runs on SQLite and on PostgreSQL."""

from tests.storage.backends import database, store  # noqa: F401 - fixtures
