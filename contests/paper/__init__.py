"""Paper (纸质文档): the printed results and award lists, pay sheets, marking sheets and
certificates as PDF, and the print setup of every XLSX export.

An output floor: it reads the domain values (`contests.results.Standings`,
`contests.campaigns.AwardList`, plain rows) and writes bytes; it never loads or writes the
store (the use-cases in `contests.usecases.paper` do). PDFs are drawn with ReportLab and its
built-in CJK CID font, so Chinese prints on a machine that has no CJK font installed (see
docs/ARCHITECTURE.md, "Paper").
"""
