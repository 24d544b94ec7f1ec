"""The store's queries, written once for both databases (see storage.sql for how)."""

from __future__ import annotations

from .deliveries import DeliveryQueries
from .inbox import InboxQueries
from .interface import Store
from .people import PeopleQueries
from .questions import QuestionQueries
from .subscriptions import SubscriptionQueries


class SharedQueries(
    PeopleQueries, SubscriptionQueries, DeliveryQueries, QuestionQueries, InboxQueries, Store
):
    """Every query of Store; a backend adds `fetch`, `transaction`, `connect` and `close`."""
