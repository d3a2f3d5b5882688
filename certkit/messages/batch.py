"""Messages of the batch engine (certkit.batch)."""

MESSAGES: dict[str, dict[str, str]] = {
    "batch.internal_error": {
        "fr": "erreur interne ({error}) : c'est un défaut de certkit, merci de le signaler (avec "
        "CERTKIT_DEBUG=1 pour la trace) ; les autres éléments du lot ont leur réponse.",
        "en": "internal error ({error}): this is a certkit bug, please report it (rerun with "
        "CERTKIT_DEBUG=1 for the traceback); the other items of the batch got their answer.",
    },
}
