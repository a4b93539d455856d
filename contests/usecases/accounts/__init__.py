"""Logins (账号): add, authenticate and list the accounts that act on the service."""
