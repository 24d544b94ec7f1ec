"""The Telegram layer and the process: settings, core, front ends."""
