"""click's own strings in French: what click marks for gettext (``_()`` and ``ngettext()`` in its
modules), keyed by click's English message id as gettext does.

:mod:`certkit.cli.localize` hands them to click when the language is French. click's modules are
the source of the ids: ``tests/test_cli_french.py`` extracts them with Babel and fails when click
adds one that has no French here. Plain spaces before ``: ; ! ?``: French typography is applied
when a text is used, as for the message catalogue.
"""

from __future__ import annotations

GETTEXT: dict[str, str] = {
    "d": "m",  # the "(d)iff" key of click.edit's prompt; unused by certkit
    "{editor}: Editing failed": "{editor} : échec de l'édition",
    "{editor}: Editing failed: {e}": "{editor} : échec de l'édition : {e}",
    "Aborted!": "Abandon.",
    "deprecated": "obsolète",
    # section headings: click writes "NAME:", so the narrow no-break space is part of the name
    "Options": "Options\u202f",
    "Positional arguments": "Arguments\u202f",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Avertissement : la commande « {name} » est obsolète.{extra_message}"
    ),
    "Commands": "Commandes\u202f",
    "Missing command.": "Commande manquante.",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Avertissement : le paramètre « {name} » est obsolète.{extra_message}"
    ),
    "Name '{name}' defined twice": "Nom « {name} » défini deux fois",
    "Boolean option {decl!r} cannot use the same flag for true/false.": (
        "L'option booléenne « {decl} » ne peut pas utiliser le même drapeau pour vrai et faux."
    ),
    "Could not determine name for option with declarations {decls!r}": (
        "Impossible de déterminer le nom de l'option déclarée par {decls!r}"
    ),
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?": (
        "Aucune option déclarée mais un nom a été donné ({name}). Vouliez-vous déclarer un "
        "argument ? Vouliez-vous écrire « --{name} » ?"
    ),
    "env var: {var}": "variable d'environnement : {var}",
    "default: {default}": "par défaut : {default}",
    "(dynamic)": "(dynamique)",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": (
        "Un argument prend exactement une déclaration, {length} données : {decls}."
    ),
    "Do you want to continue?": "Voulez-vous continuer ?",
    "Confirm the action without prompting.": "Confirmer l'action sans poser la question.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour l'aide.",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Missing argument": "Argument manquant :",
    "Missing option": "Option manquante :",
    "Missing parameter": "Paramètre manquant :",
    "Missing {param_type}": "{param_type} manquant :",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "No such option {name!r}.": "Option inconnue : « {name} ».",
    "No such command {name!r}.": "Commande inconnue : « {name} ».",
    "unknown error": "erreur inconnue",
    "Could not open file {filename!r}: {message}": (
        "Impossible d'ouvrir le fichier « {filename} » : {message}"
    ),
    "Usage:": "Utilisation :",
    "Invalid start character for option ({option})": (
        "Caractère de début d'option invalide ({option})"
    ),
    "Argument {name!r} takes {nargs} values.": "L'argument « {name} » prend {nargs} valeurs.",
    "Option {name!r} does not take a value.": "L'option « {name} » ne prend pas de valeur.",
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "La complétion n'est pas disponible pour les versions de Bash antérieures à 4.4."
    ),
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Version de Bash inconnue : la complétion n'est pas disponible."
    ),
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": (
        "Erreur : les deux valeurs saisies ne correspondent pas."
    ),
    "Error: invalid input": "Erreur : saisie invalide",
    "Unknown color {colour!r}": "Couleur inconnue : « {colour} »",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "Choice({choices})": "Choix({choices})",
    # {number_type} is click's English type name ("integer", "float"): not shown in French
    "{value!r} is not a valid {number_type}.": "« {value} » n'est pas un nombre valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "« {value} » n'est pas un booléen valide. Valeurs reconnues : {states}"
    ),
    "{value!r} is not a valid UUID.": "« {value} » n'est pas un UUID valide.",
    "file": "Fichier",
    "directory": "Dossier",
    "path": "Chemin",
    "{name} {filename!r} does not exist.": "{name} « {filename} » introuvable.",
    "{name} {filename!r} is a file.": "{name} « {filename} » : c'est un fichier.",
    "{name} {filename!r} is a directory.": "{name} « {filename} » : c'est un dossier.",
    "{name} {filename!r} is not readable.": "{name} « {filename} » : lecture interdite.",
    "{name} {filename!r} is not writable.": "{name} « {filename} » : écriture interdite.",
    "{name} {filename!r} is not executable.": "{name} « {filename} » : exécution interdite.",
    "Unknown standard stream '{name}'": "Flux standard inconnu : « {name} »",
    # passed to gettext at run time, not as a literal (Option.get_help_record)
    "required": "obligatoire",
}

# ngettext(singular, plural, n): the French forms by CLDR plural category of n.
NGETTEXT: dict[tuple[str, str], dict[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): {
        "one": "Argument en trop : {args}",
        "many": "Arguments en trop : {args}",
        "other": "Arguments en trop : {args}",
    },
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): {
        "one": "Prend {nargs} valeurs, mais {len} a été donnée.",
        "many": "Prend {nargs} valeurs, mais {len} ont été données.",
        "other": "Prend {nargs} valeurs, mais {len} ont été données.",
    },
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): {
        "one": "Vouliez-vous dire {possibility} ?",
        "many": "(Vouliez-vous dire l'une de : {possibilities} ?)",
        "other": "(Vouliez-vous dire l'une de : {possibilities} ?)",
    },
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): {
        "one": "L'option « {name} » attend une valeur.",
        "many": "L'option « {name} » attend {nargs} valeurs.",
        "other": "L'option « {name} » attend {nargs} valeurs.",
    },
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): {
        "one": "« {value} » n'est pas {choice}.",
        "many": "« {value} » n'est pas l'une des valeurs {choices}.",
        "other": "« {value} » n'est pas l'une des valeurs {choices}.",
    },
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): {
        "one": "« {value} » ne suit pas le format {format}.",
        "many": "« {value} » ne suit aucun des formats {formats}.",
        "other": "« {value} » ne suit aucun des formats {formats}.",
    },
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): {
        "one": "{len_type} valeurs sont attendues, mais {len_value} a été donnée.",
        "many": "{len_type} valeurs sont attendues, mais {len_value} ont été données.",
        "other": "{len_type} valeurs sont attendues, mais {len_value} ont été données.",
    },
}
