"""Messages of the batch engine (certkit.batch)."""

MESSAGES: dict[str, dict[str, str]] = {
    "batch.worker_died": {
        "fr": "le processus qui traitait cet élément s'est arrêté brutalement, même seul (manque "
        "de mémoire, signal, ou plantage d'une bibliothèque) : lancez la commande sur lui seul "
        "pour en savoir plus, et signalez-le ; les autres éléments du lot ont leur réponse.",
        "en": "the process working on this item died, even on its own (out of memory, a signal, "
        "or a crash inside a library): run the command on it alone to learn more, and report "
        "it; the other items of the batch got their answer.",
    },
    "batch.internal_error": {
        "fr": "erreur interne ({error}) : c'est un défaut de certkit, merci de le signaler (avec "
        "CERTKIT_DEBUG=1 pour la trace) ; les autres éléments du lot ont leur réponse.",
        "en": "internal error ({error}): this is a certkit bug, please report it (rerun with "
        "CERTKIT_DEBUG=1 for the traceback); the other items of the batch got their answer.",
    },
}
