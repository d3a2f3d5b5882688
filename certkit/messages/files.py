"""Messages about writing output files."""

MESSAGES: dict[str, dict[str, str]] = {
    "files.output_exists": {
        "fr": "{path} existe déjà : choisissez un autre nom ou ajoutez --force pour le remplacer.",
        "en": "{path} already exists: choose another name or add --force to replace it.",
    },
    "files.output_dir_missing": {
        "fr": "{path} : le dossier de destination n'existe pas.",
        "en": "{path}: the destination folder does not exist.",
    },
    "files.output_not_regular": {
        "fr": "{path} n'est pas un fichier ordinaire ({kind}) : certkit ne le remplace jamais ; "
        "choisissez un chemin de fichier (ou - pour la sortie standard).",
        "en": "{path} is not a regular file ({kind}): certkit never replaces one; choose a file "
        "path (or - for standard output).",
    },
    "files.output_is_symlink": {
        "fr": "{path} est un lien symbolique : certkit ne le remplace pas ; ajoutez --force pour "
        "écrire dans le fichier qu'il désigne.",
        "en": "{path} is a symbolic link: certkit does not replace it; add --force to write the "
        "file it points to.",
    },
    "files.output_unwritable": {
        "fr": "{path} : écriture impossible ({reason}).",
        "en": "{path}: cannot write ({reason}).",
    },
    # reasons said inside another message ({reason}); the error keeps the code (reason_code)
    "files.reason.not_utf8": {"fr": "pas en UTF-8", "en": "not UTF-8"},
    "files.reason.not_a_manifest": {
        "fr": "ce n'est pas un manifeste certkit",
        "en": "not a certkit manifest",
    },
    "files.reason.unsupported_ca_key": {
        "fr": "clé d'AC non prise en charge",
        "en": "unsupported CA key",
    },
    "files.reason.accounts_tables": {
        "fr": "« accounts » doit être une suite de tables [[accounts]]",
        "en": "'accounts' must be [[accounts]] tables",
    },
    "files.reason.not_a_crl": {"fr": "pas une CRL (PEM ou DER)", "en": "not a CRL (PEM or DER)"},
    "files.reason.nul_in_path": {
        "fr": "octet NUL dans le chemin",
        "en": "NUL byte in the path",
    },
    "files.reason.schema_not_migrated": {
        "fr": "schéma non migré",
        "en": "schema not migrated",
    },
}
