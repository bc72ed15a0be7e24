"""Analysis, one module per claims table; no module here imports matplotlib or seaborn."""
