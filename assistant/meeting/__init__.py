"""A leader's staff meeting: a prepared guide, a saved run of the meeting, and its minutes."""
