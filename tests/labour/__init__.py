"""Labour competitions (劳动竞赛): the definition, the KPI engine and titles; pure and fast."""
