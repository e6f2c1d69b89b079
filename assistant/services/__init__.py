"""Simulated ecosystem services (maps, music, phone, weather, manual): offline,
deterministic, built from the seed catalogues."""
