"""The shared core of the use-cases: transaction, retrying, idempotency, errors, access, lookups, audit log."""
