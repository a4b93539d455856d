"""Use-cases: the only functions that change stored state. Each loads what it needs, decides in
the domain, writes, records an audit event in the same transaction and commits explicitly
(see `core.transaction`). All are async and take an `AsyncSession`.

One sub-package per bounded context (imported by name; this package imports none of them):
- `core`       the shared plumbing: transaction, retrying, idempotency, errors, access, lookups, audit log
- `accounts`   logins: add, authenticate, list
- `setup`      contests and their versions, units, teams, competitors, judges, panels, the draw, imports
- `judging`    the judging day: sheets, marks, times, sign-offs, locks, appeals, unblinding, standings, publishing
- `campaigns`  five smalls and 合理化建议: definitions, submissions and their workflow, reviews, award lists
Labour competitions and honours get their own sub-packages beside these.
"""
