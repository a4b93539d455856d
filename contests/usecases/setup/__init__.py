"""Contest setup: contests and their versions, units, teams, competitors, judges, panels, the draw, imports."""
