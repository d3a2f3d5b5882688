"""Message catalogues, one module per area (``MESSAGES = {code: {"fr": ..., "en": ...}}``)."""
