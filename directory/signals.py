"""Search indexing follows publication: see connect() below."""
