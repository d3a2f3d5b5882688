"""Messages of certkit.names: DN rendering and parsing."""

MESSAGES: dict[str, dict[str, str]] = {
    "names.dn_syntax": {
        "fr": "DN illisible « {text} » (caractère {position}) : {reason}. Une virgule ou un + "
        "dans une valeur s'écrit \\, ou \\+.",
        "en": "cannot read the DN “{text}” (character {position}): {reason}. A comma or + inside "
        "a value is written \\, or \\+.",
    },
    "names.unknown_attribute": {
        "fr": "DN « {text} » : type d'attribut inconnu « {attribute} » (utilisez CN, O, OU, C, "
        "organizationIdentifier… ou un OID comme 2.5.4.97).",
        "en": "DN “{text}”: unknown attribute type “{attribute}” (use CN, O, OU, C, "
        "organizationIdentifier… or an OID such as 2.5.4.97).",
    },
    "names.dn_empty": {
        "fr": "DN vide : collez le DN complet, par exemple CN=…,O=…,C=FR.",
        "en": "empty DN: paste the whole DN, for example CN=…,O=…,C=FR.",
    },
    "names.unknown_format": {
        "fr": "format de DN inconnu « {format} » : choisissez parmi {choices}.",
        "en": "unknown DN format “{format}”: choose one of {choices}.",
    },
}
