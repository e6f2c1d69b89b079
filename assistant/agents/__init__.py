"""Agents: who serves which intents. Each maps a frame to actions, purely."""
