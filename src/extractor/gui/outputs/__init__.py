"""The publication outputs in the window: the outputs dialog, its tabs, Export all."""
