"""Data preparation: cleaning and scaling of wine measurements."""


def drop_incomplete(rows):
    """Rows with a missing value cannot be scored: leave them out."""
    return [row for row in rows if all(value is not None for value in row.values())]


def normalize(values):
    """Scale to [0, 1] by the largest value."""
    top = max(values)
    if top == 0:
        return [0.0 for _ in values]
    return [value / top for value in values]
