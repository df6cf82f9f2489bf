"""The Reports page: monthly activity reports for coordinators."""
