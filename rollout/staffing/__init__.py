"""P&P teams and the staffing rule (8 hours a week for three roles, 19 for the P&P counsellor
once trajectories start)."""
