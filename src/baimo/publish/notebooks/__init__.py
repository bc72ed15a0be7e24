"""What runs in a notebook and what it recorded: the notebook model and navigation, charts saved
and decorated, the provenance footer."""
