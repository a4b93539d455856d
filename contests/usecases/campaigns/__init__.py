"""Five smalls and 合理化建议 (五小 / 合理化建议): definitions, submissions and their workflow, reviews, award lists.

The rules live in the pure domain package `contests.campaigns`."""
