"""Messages of certkit.identity: SIREN / SIRET / VAT extraction."""

MESSAGES: dict[str, dict[str, str]] = {
    "identity.siren_checksum_invalid": {
        "fr": "{attribute}={value} : le SIREN {number} a une clé de contrôle (Luhn) fausse ; "
        "vérifiez le numéro auprès de l'autorité de certification.",
        "en": "{attribute}={value}: SIREN {number} fails its Luhn checksum; check the number "
        "with the certificate authority.",
    },
    "identity.siret_checksum_invalid": {
        "fr": "{attribute}={value} : le SIRET {number} a une clé de contrôle fausse ; vérifiez "
        "le numéro auprès de l'autorité de certification.",
        "en": "{attribute}={value}: SIRET {number} fails its checksum; check the number with the "
        "certificate authority.",
    },
    "identity.value_malformed": {
        "fr": "{attribute}={value} : forme inattendue (attendu : {expected}) ; le numéro n'est "
        "pas utilisé tel quel.",
        "en": "{attribute}={value}: unexpected form (expected: {expected}); the number is not "
        "used as is.",
    },
    "identity.vat_key_invalid": {
        "fr": "organizationIdentifier={value} : la clé TVA {key} ne correspond pas au SIREN "
        "{siren} (clé attendue {expected_key}).",
        "en": "organizationIdentifier={value}: VAT key {key} does not match SIREN {siren} "
        "(expected key {expected_key}).",
    },
    "identity.siren_conflict": {
        "fr": "plusieurs SIREN différents dans le certificat : {sirens} ; retenu : {winner} "
        "(depuis {source} ; règle : organizationIdentifier, puis OU, puis serialNumber).",
        "en": "several different SIRENs in the certificate: {sirens}; kept: {winner} (from "
        "{source}; rule: organizationIdentifier, then OU, then serialNumber).",
    },
    "identity.ou_variant": {
        "fr": "OU={value} : forme non standard ({form}) ; le numéro est lu tel quel.",
        "en": "OU={value}: non-standard form ({form}); the number is read as is.",
    },
    "identity.ou_number_not_siren": {
        "fr": "OU={value} : ce nombre n'est ni un SIREN ni un SIRET valide ; ignoré.",
        "en": "OU={value}: this number is neither a valid SIREN nor SIRET; ignored.",
    },
    "identity.org_id_not_french": {
        "fr": "organizationIdentifier={value} : identifiant non français, ignoré pour le SIREN.",
        "en": "organizationIdentifier={value}: not a French identifier, ignored for the SIREN.",
    },
    "identity.org_id_other_scheme": {
        "fr": "organizationIdentifier={value} : schéma français autre que NTR, VAT ou SI, "
        "ignoré pour le SIREN.",
        "en": "organizationIdentifier={value}: French scheme other than NTR, VAT or SI, ignored "
        "for the SIREN.",
    },
    "identity.org_id_unrecognised": {
        "fr": "organizationIdentifier={value} : forme non reconnue (ETSI EN 319 412-1 : "
        "schéma + pays + « - » + référence).",
        "en": "organizationIdentifier={value}: unrecognised form (ETSI EN 319 412-1: scheme + "
        "country + “-” + reference).",
    },
}
