"""The fake Bot API in the test's own process: a python-telegram-bot request class over FakeBotAPI.

    api = OfflineRequest()          # or OfflineRequest(fake) to share one fake
    app = build_application(..., request=api, get_updates_request=api)
    ...
    assert api.of("sendMessage")    # the fake's helpers, through the request

No network, no thread: the fake answers on the event loop of the Application. The flood limits
are off unless the fake given has them.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.request import BaseRequest, RequestData

from tests.fakebot.api import FakeBotAPI
from tests.fakebot.records import Document


def unlimited() -> FakeBotAPI:
    """A fake for in-process tests: any token, no flood limits."""
    return FakeBotAPI(None, global_limit=0, per_chat_limit=0)


class OfflineRequest(BaseRequest):
    """A BaseRequest that hands each request to a FakeBotAPI; its attributes are the fake's."""

    def __init__(self, fake: FakeBotAPI | None = None) -> None:
        self.fake = fake or unlimited()

    def __getattr__(self, name: str) -> Any:
        if name == "fake":  # not set yet
            raise AttributeError(name)
        return getattr(self.fake, name)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        base, api_method = url.rsplit("/", 1)
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data is not None and request_data.contains_files:
            for part, (filename, content, mime_type) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                files[part] = Document(filename or part, data, mime_type or "")
        token = base.rsplit("/bot", 1)[-1]
        status, body = await self.fake.call(token, api_method, params, files, url=url)
        return status, json.dumps(body).encode()
