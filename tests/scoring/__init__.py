"""Engine tests: golden cases from RULES.md, hypothesis properties, invalid schemes."""
