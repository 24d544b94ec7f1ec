"""What the bot knows: YAML knowledge, loading, validation and matching (no Telegram, no database)."""
