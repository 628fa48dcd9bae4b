"""Sources of cells: anything that yields a grid of cells for ``locate`` to read by labels."""
