"""Logins (账号): add, authenticate and list the accounts that act on the service (`users`);
disable, enable, change or reset passwords (`management`); argon2 hashing off the event loop,
bounded (`hashing`); judge-seat-scoped tokens (`seats`); the stored token-signing key
(`signing_key`)."""
