"""Who signed up for what, and telling them on time."""
