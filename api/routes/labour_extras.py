"""The labour-competition routes beyond the core (issue 12 extras), registered together:
exports and statistics, evidence files on reports, reopening a period after a refused late report."""

from api.routes.labour_evidence import LabourEvidenceController
from api.routes.labour_exports import LabourExportController
from api.routes.labour_reopenings import LabourReopeningController

LABOUR_EXTRA_ROUTES = [LabourExportController, LabourEvidenceController, LabourReopeningController]

__all__ = ["LABOUR_EXTRA_ROUTES"]
