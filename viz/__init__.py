"""Views of the graph: the pyvis page (`kg viz`), trends charts (`kg trends`) and the explorer."""
