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
}
