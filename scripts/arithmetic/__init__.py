"""Arithmetic: the chapter's computations (convolution, output sizes, receptive fields, the book's CNN)."""
