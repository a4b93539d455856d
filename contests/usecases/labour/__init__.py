"""Use-cases of labour competitions (劳动竞赛, issue 12 item 3): the competition and its
versions, unit reporters, plans, period reports and their verification, the inspection
panel's marks, standings from verified reports, and the whole-period import."""
