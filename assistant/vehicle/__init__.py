"""The simulated car: its state, the actions it accepts and the executor."""
