"""Every lesson's exercises, one module per lesson topic (nnviz.exercises.registry.TOPICS)."""
