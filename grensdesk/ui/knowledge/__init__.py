"""The knowledge-base screen: search, the situation finder and the side-by-side view."""
