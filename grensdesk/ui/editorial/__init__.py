"""The editors' screen of the knowledge base: drafts, four-eyes review, history, due list."""
