"""Builders the test-suites share, each declared once: login accounts (`logins`) and the
judging day's people, panels and designed marks (`judging_day`)."""
