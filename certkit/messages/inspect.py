"""Messages of `certkit inspect` and `certkit export`."""

MESSAGES: dict[str, dict[str, str]] = {
    "inspect.file_header": {
        "fr": "{path} — {format}, {count} {count:plural:one=certificat|many=de certificats|"
        "other=certificats}, {key}",
        "en": "{path} — {format}, {count} {count:plural:one=certificate|other=certificates}, {key}",
    },
    "inspect.key_present": {
        "fr": "contient une clé privée ({type}) : ne l'envoyez à personne",
        "en": "holds a private key ({type}): do not send it to anyone",
    },
    "inspect.key_absent": {"fr": "sans clé privée", "en": "no private key"},
    "inspect.cert_header": {"fr": "Certificat {index}", "en": "Certificate {index}"},
    "inspect.label.role": {"fr": "Rôle", "en": "Role"},
    "inspect.label.subject": {"fr": "Sujet", "en": "Subject"},
    "inspect.label.issuer": {"fr": "Émetteur", "en": "Issuer"},
    "inspect.label.serial": {"fr": "Numéro de série", "en": "Serial"},
    "inspect.label.sha256": {"fr": "Empreinte SHA-256", "en": "SHA-256 fingerprint"},
    "inspect.label.not_before": {"fr": "Valide à partir du", "en": "Valid from"},
    "inspect.label.not_after": {"fr": "Valide jusqu'au", "en": "Valid until"},
    "inspect.label.key": {"fr": "Clé publique", "en": "Public key"},
    "inspect.label.signature": {"fr": "Signature", "en": "Signature"},
    "inspect.label.is_ca": {"fr": "Autorité (CA)", "en": "Certificate authority"},
    # key usages and extended key usages in words (inspect shows the code beside them)
    "inspect.usage.digital_signature": {"fr": "signature numérique", "en": "digital signature"},
    "inspect.usage.content_commitment": {"fr": "non-répudiation", "en": "non-repudiation"},
    "inspect.usage.key_encipherment": {"fr": "chiffrement de clé", "en": "key encipherment"},
    "inspect.usage.data_encipherment": {"fr": "chiffrement de données", "en": "data encipherment"},
    "inspect.usage.key_agreement": {"fr": "accord de clé", "en": "key agreement"},
    "inspect.usage.key_cert_sign": {"fr": "signature de certificats", "en": "certificate signing"},
    "inspect.usage.crl_sign": {"fr": "signature de CRL", "en": "CRL signing"},
    "inspect.usage.encipher_only": {"fr": "chiffrement seul", "en": "encipher only"},
    "inspect.usage.decipher_only": {"fr": "déchiffrement seul", "en": "decipher only"},
    "inspect.usage.server_auth": {
        "fr": "authentification serveur TLS",
        "en": "TLS server authentication",
    },
    "inspect.usage.client_auth": {
        "fr": "authentification client TLS",
        "en": "TLS client authentication",
    },
    "inspect.usage.code_signing": {"fr": "signature de code", "en": "code signing"},
    "inspect.usage.email_protection": {"fr": "protection des e-mails", "en": "email protection"},
    "inspect.usage.time_stamping": {"fr": "horodatage", "en": "time stamping"},
    "inspect.usage.ocsp_signing": {"fr": "signature OCSP", "en": "OCSP signing"},
    "inspect.usage.any_extended_key_usage": {"fr": "tout usage", "en": "any usage"},
    "inspect.usage.smartcard_logon": {
        "fr": "ouverture de session par carte à puce",
        "en": "smart card logon",
    },
    "inspect.usage.kerberos_pkinit_kdc": {"fr": "KDC Kerberos PKINIT", "en": "Kerberos PKINIT KDC"},
    "inspect.usage.document_signing": {"fr": "signature de documents", "en": "document signing"},
    "inspect.label.key_usage": {"fr": "Usages de la clé", "en": "Key usage"},
    "inspect.label.extended_key_usage": {"fr": "Usages étendus", "en": "Extended key usage"},
    "inspect.label.policies": {"fr": "Politiques", "en": "Policies"},
    "inspect.label.san": {"fr": "Noms alternatifs", "en": "Alternative names"},
    "inspect.label.encoding": {"fr": "Encodage", "en": "Encoding"},
    "inspect.key_error": {
        "fr": "ne se décode pas ({reason}) : aucune pile TLS ne pourra l'utiliser",
        "en": "does not decode ({reason}): no TLS stack can use it",
    },
    "inspect.label.extension_problem": {
        "fr": "Extension illisible",
        "en": "Unreadable extension",
    },
    "inspect.label.unknown_extensions": {
        "fr": "Extensions inconnues",
        "en": "Unknown extensions",
    },
    "inspect.role.leaf": {"fr": "certificat final (feuille)", "en": "end-entity (leaf)"},
    "inspect.role.root": {"fr": "autorité racine", "en": "root authority"},
    "inspect.role.intermediate": {"fr": "autorité intermédiaire", "en": "intermediate authority"},
    "inspect.role.certificate": {"fr": "certificat", "en": "certificate"},
    "inspect.days_left": {
        "fr": "encore {days} {days:plural:one=jour|many=de jours|other=jours}",
        "en": "{days} {days:plural:one=day|other=days} left",
    },
    "inspect.expired_since": {
        "fr": "EXPIRÉ depuis {days} {days:plural:one=jour|many=de jours|other=jours}",
        "en": "EXPIRED {days} {days:plural:one=day|other=days} ago",
    },
    "inspect.not_yet_valid": {
        "fr": "PAS ENCORE VALIDE (à partir du {date:date})",
        "en": "NOT YET VALID (from {date:date})",
    },
    "inspect.yes": {"fr": "oui", "en": "yes"},
    "inspect.no": {"fr": "non", "en": "no"},
    "inspect.none": {"fr": "aucune", "en": "none"},
    "inspect.absent": {"fr": "extension absente", "en": "extension absent"},
    "inspect.summary_errors": {
        "fr": "{bad} {bad:plural:one=fichier illisible|many=de fichiers illisibles|other=fichiers "
        "illisibles} sur {total}.",
        "en": "{bad} of {total} {total:plural:one=file|other=files} could not be read.",
    },
    "export.written": {
        "fr": "{path} écrit : {count} {count:plural:one=certificat|many=de certificats|"
        "other=certificats}, sans clé privée, "
        "prêt pour « Importer certificat ».",
        "en": "{path} written: {count} {count:plural:one=certificate|other=certificates}, no "
        "private key, "
        "ready for the registry's upload form.",
    },
    "export.no_single_leaf": {
        "fr": "{path} contient {count} "
        "{count:plural:one=certificat final possible|many=de "
        "certificats finaux possibles|other=certificats finaux possibles}"
        " : choisissez avec "
        "--index N "
        "(1 = le premier) ou exportez tout avec --chain.",
        "en": "{path} holds {count} "
        "{count:plural:one=possible end certificate|other=possible "
        "end certificates}"
        ": pick one with --index N "
        "(1 = the first) or export all with --chain.",
    },
    "export.der_one_certificate": {
        "fr": "{path} : --format der écrit un seul certificat ({count} "
        "{count:plural:one=demandé|many=demandés|other=demandés}) ; utilisez "
        "--format p7b ou pem pour une chaîne.",
        "en": "{path}: --format der writes one certificate ({count} asked); use --format p7b or "
        "pem for a chain.",
    },
    "export.bad_index": {
        "fr": "{path} : --index {index} hors limites (le fichier contient {count} "
        "{count:plural:one=certificat|many=de certificats|other=certificats}).",
        "en": "{path}: --index {index} is out of range (the file holds {count} "
        "{count:plural:one=certificate|other=certificates}).",
    },
    "inspect.read_as.utf-16": {
        "fr": "texte UTF-16, l'« Unicode » du Bloc-notes",
        "en": "UTF-16 text, Notepad's “Unicode”",
    },
    "inspect.read_as.base64": {
        "fr": "base64 sans les lignes BEGIN/END du PEM",
        "en": "bare base64, without the PEM BEGIN/END lines",
    },
}
