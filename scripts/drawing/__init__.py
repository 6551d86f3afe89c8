"""Drawing: the colour scale, SVG pieces and the figures drawn from the arithmetic."""
