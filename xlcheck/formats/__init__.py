"""The formats as pure data: the spec vocabulary and layout engine, and one module per format."""
