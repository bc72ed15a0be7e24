"""The build: every check, notebook execution, stamps, all-or-nothing publishing, the data package
and the benchmark."""
