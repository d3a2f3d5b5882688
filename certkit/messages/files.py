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
}
