"""Messages of the policy catalogue, acceptance profiles and trusted-list import."""

MESSAGES: dict[str, dict[str, str]] = {
    "policy.catalogue_missing": {
        "fr": "{path} : catalogue introuvable ; donnez à --catalogue un fichier .toml, un fichier "
        ".pem ou un dossier qui existe.",
        "en": "{path}: catalogue not found; give --catalogue an existing .toml file, .pem file or "
        "folder.",
    },
    "policy.unreadable": {
        "fr": "{path} : fichier illisible ({reason}).",
        "en": "{path}: cannot read the file ({reason}).",
    },
    "policy.bad_toml": {
        "fr": "{path} : TOML invalide ({reason}) ; corrigez le fichier (schéma dans "
        "policies/README.md).",
        "en": "{path}: invalid TOML ({reason}); fix the file (schema in policies/README.md).",
    },
    "policy.unknown_table": {
        "fr": "{path} : tables inconnues ({names}) ; un catalogue ne contient que des [[policy]] "
        "et des [[arc]].",
        "en": "{path}: unknown tables ({names}); a catalogue holds only [[policy]] and [[arc]] "
        "entries.",
    },
    "policy.bad_entry": {
        "fr": "{path} : entrée {entry} invalide (champ {problem} absent ou incorrect) ; voir le "
        "schéma dans policies/README.md.",
        "en": "{path}: entry {entry} is invalid (field {problem} missing or wrong); see the "
        "schema in policies/README.md.",
    },
    "policy.profile_missing_file": {
        "fr": "{path} : profil introuvable ; donnez le nom d'un profil fourni ou le chemin d'un "
        "fichier .toml existant.",
        "en": "{path}: profile not found; give the name of a bundled profile or the path of an "
        "existing .toml file.",
    },
    "policy.profile_unknown": {
        "fr": "profil « {name} » inconnu ; profils fournis : {known} (ou le chemin d'un fichier "
        ".toml).",
        "en": "unknown profile '{name}'; bundled profiles: {known} (or the path of a .toml file).",
    },
    "policy.profile_field": {
        "fr": "{path} : champ de profil « {field} » incorrect ({problem}) ; voir "
        "policies/README.md.",
        "en": "{path}: profile field '{field}' is wrong ({problem}); see policies/README.md.",
    },
    "policy.import_summary": {
        "fr": "{path} : liste de confiance {territory} n° {sequence} du {issued:date} — "
        "{providers} "
        "{providers:plural:one=prestataire|many=de prestataires|other=prestataires}, {services} "
        "{services:plural:one=service|many=de services|other=services}, "
        "{certificates} {certificates:plural:one=certificat d'AC|many=de certificats d'AC|"
        "other=certificats d'AC} ({unique} "
        "{unique:plural:one=distinct|many=distincts|other=distincts}), {policies} "
        "{policies:plural:one=OID de politique|many=de OID de politique|other=OID de politique}. "
        "Signature XML non vérifiée.",
        "en": "{path}: trusted list {territory} no. {sequence} of {issued:date} — {providers} "
        "{providers:plural:one=provider|other=providers}, {services} {services:plural:one=service|"
        "other=services}, "
        "{certificates} {certificates:plural:one=CA certificate|other=CA certificates} ({unique} "
        "distinct), "
        "{policies} {policies:plural:one=policy OID|other=policy OIDs}. XML signature not "
        "verified.",
    },
    "policy.import_written": {
        "fr": "Écrit : {catalogue} et {store}. Utilisez-les avec --catalogue {directory}.",
        "en": "Wrote {catalogue} and {store}. Use them with --catalogue {directory}.",
    },
    "policy.siren_required": {"fr": "SIREN obligatoire", "en": "SIREN required"},
    "policy.siren_optional": {"fr": "SIREN facultatif", "en": "SIREN optional"},
    "trustedlist.doctype": {
        "fr": "{path} : le XML contient une déclaration DOCTYPE ou ENTITY, refusée (une liste de "
        "confiance n'en a pas) ; téléchargez la liste d'origine.",
        "en": "{path}: the XML has a DOCTYPE or ENTITY declaration, refused (a trusted list has "
        "none); download the original list again.",
    },
    "trustedlist.malformed": {
        "fr": "{path} : XML invalide ligne {line}, colonne {column} ({reason}) ; le fichier est "
        "tronqué ou modifié : téléchargez la liste d'origine.",
        "en": "{path}: invalid XML at line {line}, column {column} ({reason}); the file is "
        "truncated or altered: download the original list again.",
    },
    "trustedlist.not_a_list": {
        "fr": "{path} : ce n'est pas une liste de confiance ETSI TS 119 612 (élément racine "
        "{root}).",
        "en": "{path}: not an ETSI TS 119 612 trusted list (root element {root}).",
    },
    "trustedlist.missing": {
        "fr": "{path} : élément {element} absent ou vide{where} ; le fichier est incomplet ou "
        "modifié.",
        "en": "{path}: element {element} missing or empty{where}; the file is incomplete or "
        "altered.",
    },
    "trustedlist.bad_certificate": {
        "fr": "{path} : certificat illisible pour {provider}, service « {service} » ({reason}) ; "
        "le fichier est modifié : téléchargez la liste d'origine.",
        "en": "{path}: unreadable certificate for {provider}, service '{service}' ({reason}); "
        "the file is altered: download the original list again.",
    },
    "trustedlist.bad_oid": {
        "fr": "{path} : « {value} » n'est pas un OID de politique ({provider}, service "
        "« {service} ») ; le fichier est modifié : téléchargez la liste d'origine.",
        "en": "{path}: '{value}' is not a policy OID ({provider}, service '{service}'); the "
        "file is altered: download the original list again.",
    },
    "policy.usage.server-client-auth": {
        "fr": "authentification serveur-client",
        "en": "server-client-auth",
    },
    "policy.usage.authentication": {"fr": "authentification", "en": "authentication"},
    "policy.usage.signature": {"fr": "signature", "en": "signature"},
    "policy.usage.seal": {"fr": "cachet", "en": "seal"},
    "policy.usage.server": {"fr": "serveur", "en": "server"},
    "policy.usage.timestamp": {"fr": "horodatage", "en": "timestamp"},
    "policy.usage.encryption": {"fr": "chiffrement", "en": "encryption"},
    "policy.usage.unknown": {"fr": "inconnu", "en": "unknown"},
    "policy.arc": {"fr": "arc", "en": "arc"},
}
