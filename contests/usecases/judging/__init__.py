"""The judging day: sheets, marks, times, sign-offs, locks, appeals, unblinding, standings, publishing.

The rules live in the pure domain package `contests.judging`; these modules load, call it, write and audit."""
