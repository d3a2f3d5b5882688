"""Messages of the lenient reader: how a certificate departs from DER (certkit.lenient)."""

MESSAGES: dict[str, dict[str, str]] = {
    "encoding.not_der": {
        "fr": "Certificat pas en DER comme l'exige la RFC 5280 : OpenSSL le lit, mais certaines "
        "piles TLS le refuseront ({problems}).",
        "en": "Not DER as RFC 5280 requires: OpenSSL reads it, but some TLS stacks will refuse "
        "it ({problems}).",
    },
    "encoding.read_leniently": {
        "fr": "Certificat pas en DER comme l'exige la RFC 5280 : OpenSSL le lit, mais certaines "
        "piles TLS le refuseront (détail ci-dessous).",
        "en": "Not DER as RFC 5280 requires: OpenSSL reads it, but some TLS stacks will refuse "
        "it (details below).",
    },
    "encoding.indefinite_length": {
        "fr": "longueurs indéfinies (BER)",
        "en": "indefinite lengths (BER)",
    },
    "encoding.long_length": {
        "fr": "longueurs codées sur plus d'octets que nécessaire",
        "en": "lengths encoded on more bytes than needed",
    },
    "encoding.constructed_string": {
        "fr": "chaînes construites en morceaux (BER)",
        "en": "strings built from pieces (BER)",
    },
    "encoding.version_default": {
        "fr": "version 1 écrite explicitement (DER omet la valeur par défaut)",
        "en": "version 1 written out (DER omits the default)",
    },
    "encoding.version_2": {
        "fr": "version X.509 2, que cryptography (et donc certkit) ne lit pas : lu comme v3",
        "en": "X.509 version 2, which cryptography (and so certkit) does not read: read as v3",
    },
    "encoding.bad_version": {
        "fr": "version {version}, qui n'existe pas en X.509 : lu comme v3",
        "en": "version {version}, which X.509 does not have: read as v3",
    },
    "encoding.integer_encoding": {
        "fr": "entier {where} pas codé au plus court",
        "en": "{where} integer not minimally encoded",
    },
    "encoding.algorithm_parameters": {
        "fr": "paramètres inattendus pour l'algorithme {algorithm} ({where})",
        "en": "unexpected parameters for algorithm {algorithm} ({where})",
    },
    "encoding.empty_rdn": {
        "fr": "RDN vide dans le {name} (OpenSSL l'ignore)",
        "en": "empty RDN in the {name} (OpenSSL ignores it)",
    },
    "encoding.duplicate_attribute": {
        "fr": "le même attribut deux fois dans un RDN du {name}",
        "en": "the same attribute twice in one RDN of the {name}",
    },
    "encoding.unsorted_rdn": {
        "fr": "RDN multi-valué du {name} pas trié comme DER l'exige",
        "en": "multi-valued RDN of the {name} not sorted as DER requires",
    },
    "encoding.name_value": {
        "fr": "valeur « {value} » du {name} d'un type (étiquette ASN.1 {tag}) qui n'admet pas "
        "ces caractères",
        "en": "value '{value}' of the {name} in a type (ASN.1 tag {tag}) that does not allow "
        "these characters",
    },
    "encoding.time_format": {
        "fr": "date {field} « {value} » hors du format de la RFC 5280 (AAMMJJHHMMSSZ)",
        "en": "{field} '{value}' not in RFC 5280's format (YYMMDDHHMMSSZ)",
    },
    "encoding.critical_false": {
        "fr": "extension {extension} marquée critical=FALSE explicitement (DER omet la valeur "
        "par défaut)",
        "en": "extension {extension} with critical=FALSE written out (DER omits the default)",
    },
    "encoding.boolean_encoding": {
        "fr": "booléen de l'extension {extension} pas codé 0xFF",
        "en": "BOOLEAN of extension {extension} not encoded 0xFF",
    },
    "encoding.trailing_data": {
        "fr": "données en trop à la fin de {where}",
        "en": "extra data at the end of {where}",
    },
    "encoding.public_key": {
        "fr": "clé publique illisible pour cryptography",
        "en": "public key cryptography cannot read",
    },
}
