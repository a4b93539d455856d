"""Use-cases of the paper documents: issuing, revoking and verifying certificates."""
