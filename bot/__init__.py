"""The Telegram layer and the process: settings, core, front ends."""

import os

# python-telegram-bot 22's coming behaviour, adopted now (and without its deprecation warning):
# time periods such as RetryAfter.retry_after are datetime.timedelta. Set here, as every entry
# point (eig-bot, python -m bot, the tests) imports this package before telegram is used.
os.environ.setdefault("PTB_TIMEDELTA", "1")
