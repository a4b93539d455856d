"""The organiser's console (组委会工作台): contests, registration, users and judges, panels
and the draw. Every form posts with the CSRF token and calls the same use-case as the JSON
API; a refusal is shown on the page beside the field it names, with the API's status.

- home.py: the console's home (also the organiser's /home);
- contests.py: create or version a contest from a file, text or example
  (definition_upload.py reads it, definition_tree.py places its problems);
- registration.py, registration_import.py, registration_edit.py: units, teams, competitors
  (added, edited, removed); the sheet import and its row report; the empty competitor sheet;
- accounts.py: login accounts; judges.py: judge seats and their logins;
- panels.py, draw.py: panels with recusals; the draw with its commitment;
- paper.py: a contest's print page: results, team results, certificates, the prize pay sheet (打印);
- paper_lists.py: the print page of campaigns (award list, pay sheet, certificates) and labour standings;
- console.py, forms.py, form_errors.py: what the pages share.
"""

from __future__ import annotations

from api.screens.organiser import (
    accounts,
    contests,
    draw,
    home,
    judges,
    panels,
    paper,
    paper_lists,
    registration,
    registration_edit,
    registration_import,
)

ROUTES = [
    *home.ROUTES,
    *contests.ROUTES,
    *registration.ROUTES,
    *registration_import.ROUTES,
    *registration_edit.ROUTES,
    *accounts.ROUTES,
    *judges.ROUTES,
    *panels.ROUTES,
    *draw.ROUTES,
    *paper.ROUTES,
    *paper_lists.ROUTES,
]

__all__ = ["ROUTES"]
