"""绩效公开: budget-performance reports as a searchable static site."""
