"""Record files: the content-addressed store and what is learnt from a file's bytes."""
