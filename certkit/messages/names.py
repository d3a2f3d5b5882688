"""Messages of certkit.names: DN rendering and parsing."""

_FR = "DN illisible « {text} » (caractère {position}) : "
_EN = "cannot read the DN “{text}” (character {position}): "

MESSAGES: dict[str, dict[str, str]] = {
    "names.dn_missing_name": {
        "fr": _FR + "un nom d'attribut manque avant « = ».",
        "en": _EN + "an attribute name is missing before “=”.",
    },
    "names.dn_expected_name_value": {
        "fr": _FR + "NOM=valeur attendu (une virgule ou un + dans une valeur s'écrit \\, ou \\+).",
        "en": _EN + "NAME=value expected (a comma or + inside a value is written \\, or \\+).",
    },
    "names.dn_bad_hex": {
        "fr": _FR + "valeur #hexadécimale invalide.",
        "en": _EN + "invalid #hex value.",
    },
    "names.dn_unterminated_quote": {
        "fr": _FR + "guillemet non refermé.",
        "en": _EN + "unterminated quote.",
    },
    "names.dn_bad_utf8": {
        "fr": _FR + "les octets échappés (\\XX) ne forment pas de l'UTF-8.",
        "en": _EN + "the escaped bytes (\\XX) are not UTF-8.",
    },
    "names.dn_expected_separator": {
        "fr": _FR + "« , » ou « + » attendu après une valeur.",
        "en": _EN + "“,” or “+” expected after a value.",
    },
    "names.dn_backslash_at_end": {
        "fr": _FR + "barre oblique inverse seule à la fin.",
        "en": _EN + "lone backslash at the end.",
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
    "names.dn_not_utf8": {
        "fr": "Le DN « {text} » contient un octet qui n'est pas de l'UTF-8 : retapez-le ou "
        "copiez-le depuis un texte en UTF-8.",
        "en": "The DN '{text}' holds a byte that is not UTF-8: type it again or copy it from UTF-8 "
        "text.",
    },
}
