"""Charts: the house style, shared chart helpers, one module of drawings per thread, and tables."""
