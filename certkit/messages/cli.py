"""Messages shared by every command."""

MESSAGES: dict[str, dict[str, str]] = {
    "cli.password_on_command_line": {
        "fr": "attention : un mot de passe passé par --password reste dans l'historique du shell ; "
        "préférez --password-file ou --password-env.",
        "en": "warning: a password given with --password stays in shell history; "
        "prefer --password-file or --password-env.",
    },
    "cli.password_env_missing": {
        "fr": "la variable d'environnement {var} n'est pas définie : exportez-la avec le mot de "
        "passe du fichier PKCS#12.",
        "en": "environment variable {var} is not set: export it with the PKCS#12 password.",
    },
    "cli.password_prompt": {
        "fr": "Mot de passe de {path}",
        "en": "Password for {path}",
    },
    "cli.password_needed": {
        "fr": "{path} est protégé par un mot de passe : donnez-le avec --password-file FICHIER ou "
        "--password-env VARIABLE.",
        "en": "{path} is password-protected: give the password with --password-file FILE or "
        "--password-env VAR.",
    },
    "cli.internal_error": {
        "fr": "erreur interne ({error}). C'est un bogue de certkit : merci de le signaler avec la "
        "commande lancée (relancez avec CERTKIT_DEBUG=1 pour la trace).",
        "en": "internal error ({error}). This is a certkit bug: please report it with the command "
        "you ran (rerun with CERTKIT_DEBUG=1 for the traceback).",
    },
    "cli.renamed_option": {
        "fr": "{old} s'appelle maintenant {new} (l'ancien nom marche encore, mais sera retiré).",
        "en": "{old} is now {new} (the old name still works, but will be removed).",
    },
    "cli.schema_unknown": {
        "fr": "pas de schéma pour « {name} » ; commandes : {known} (certkit schema --list).",
        "en": "no schema for “{name}”; commands: {known} (certkit schema --list).",
    },
    "cli.schema_written": {
        "fr": "{path} écrit : le schéma JSON de « {name} ».",
        "en": "{path} written: the JSON Schema of “{name}”.",
    },
}
