"""Messages of the local registry platform (``certkit platform``)."""

MESSAGES: dict[str, dict[str, str]] = {
    # accounts file
    "platform.accounts_missing": {
        "fr": "{path} : fichier de comptes introuvable. Créez-le avec « certkit platform register "
        "{path} --siren SIREN --slot 1 --cert CERTIFICAT ».",
        "en": '{path}: accounts file not found. Create it with "certkit platform register {path} '
        '--siren SIREN --slot 1 --cert CERTIFICATE".',
    },
    "platform.accounts_unreadable": {
        "fr": "{path} : fichier de comptes illisible ({reason}).",
        "en": "{path}: cannot read the accounts file ({reason}).",
    },
    "platform.accounts_invalid": {
        "fr": "{path} : fichier de comptes invalide : {reason}. Corrigez-le ou recréez-le avec "
        "« certkit platform register ».",
        "en": '{path}: invalid accounts file: {reason}. Fix it or recreate it with "certkit '
        'platform register".',
    },
    # register
    "platform.register_bad_siren": {
        "fr": "--siren {siren} : un SIREN a 9 chiffres et une clé de Luhn valide ; vérifiez le "
        "numéro (avis de situation SIRENE).",
        "en": "--siren {siren}: a SIREN has 9 digits and a valid Luhn check digit; check the "
        "number (SIRENE record).",
    },
    "platform.register_siren_mismatch": {
        "fr": "{path} : le certificat porte le SIREN {found}, pas {siren} ; le registre refuserait "
        "ce certificat pour ce compte. Utilisez le bon compte, ou --no-siren-check pour "
        "l'enregistrer quand même (pour tester le refus SIREN_MISMATCH).",
        "en": "{path}: the certificate carries SIREN {found}, not {siren}; the registry would "
        "refuse it for this account. Use the right account, or --no-siren-check to register it "
        "anyway (to test the SIREN_MISMATCH refusal).",
    },
    "platform.register_no_siren": {
        "fr": "{path} : aucun SIREN trouvé dans le sujet du certificat ; le registre exige le "
        "SIREN de la société. Ajoutez --no-siren-check pour l'enregistrer quand même.",
        "en": "{path}: no SIREN found in the certificate's subject; the registry requires the "
        "company's SIREN. Add --no-siren-check to register it anyway.",
    },
    "platform.register_no_certificate": {
        "fr": "{path} : aucun certificat dans ce fichier.",
        "en": "{path}: this file holds no certificate.",
    },
    "platform.register_done": {
        "fr": "{path} : compte SIREN {siren}, emplacement {slot} rempli.\n  DN certificat client : "
        "{subject}\n  DN émetteur : {issuer}",
        "en": "{path}: account SIREN {siren}, slot {slot} filled.\n  Client certificate DN: "
        "{subject}\n  Issuer DN: {issuer}",
    },
    "platform.register_replaced": {
        "fr": "l'emplacement {slot} du compte {siren} contenait « {previous} » : remplacé.",
        "en": 'slot {slot} of account {siren} held "{previous}": replaced.',
    },
    # serve
    "platform.register_name_unreadable": {
        "fr": "{path} : le nom du certificat ne peut pas être écrit sous la forme que compare le "
        "registre ({reason}) ; il ne peut pas être enregistré tel quel.",
        "en": "{path}: the certificate's name cannot be written in the form the registry "
        "compares ({reason}); it cannot be registered as it is.",
    },
    "platform.register_bad_slot": {
        "fr": "emplacement {slot} : le compte a deux emplacements, 1 et 2.",
        "en": "slot {slot}: an account has two slots, 1 and 2.",
    },
    "platform.listening": {
        "fr": "certkit platform à l'écoute sur {url}",
        "en": "certkit platform listening on {url}",
    },
    "platform.startup_details": {
        "fr": "  TLS {versions}, certificat client {client_auth}, comparaison des DN {dn_compare}, "
        "AC clientes acceptées : {cas}",
        "en": "  TLS {versions}, client certificate {client_auth}, DN comparison {dn_compare}, "
        "accepted client CAs: {cas}",
    },
    "platform.client_auth.required": {"fr": "exigé", "en": "required"},
    "platform.client_auth.optional": {"fr": "facultatif", "en": "optional"},
    "platform.dn_compare.exact": {"fr": "exacte", "en": "exact"},
    "platform.dn_compare.canonical": {"fr": "canonique", "en": "canonical"},
    "platform.account_line": {
        "fr": "  compte SIREN {siren}{name} : emplacement {slot} : {subject} (émetteur {issuer})",
        "en": "  account SIREN {siren}{name}: slot {slot}: {subject} (issuer {issuer})",
    },
    "platform.account_empty": {
        "fr": "  compte SIREN {siren}{name} : aucun certificat enregistré",
        "en": "  account SIREN {siren}{name}: no certificate registered",
    },
    "platform.no_accounts": {
        "fr": "  aucun compte : toute requête sera refusée (403 DN_NOT_REGISTERED). Ajoutez-en "
        "avec « certkit platform register ».",
        "en": "  no accounts: every request will be refused (403 DN_NOT_REGISTERED). Add one with "
        '"certkit platform register".',
    },
    "platform.stopped": {
        "fr": "certkit platform arrêté.",
        "en": "certkit platform stopped.",
    },
    "platform.tls_material_needed": {
        "fr": "indiquez le certificat du serveur et les AC clientes : --ca-dir DOSSIER (AC de test "
        "certkit) ou --cert FICHIER --key FICHIER --trust FICHIER.",
        "en": "give the server certificate and client CAs: --ca-dir DIR (a certkit test CA) or "
        "--cert FILE --key FILE --trust FILE.",
    },
    "platform.tls_material_conflict": {
        "fr": "--ca-dir et --cert/--key/--trust s'excluent : choisissez l'un ou l'autre.",
        "en": "--ca-dir and --cert/--key/--trust are exclusive: choose one.",
    },
    "platform.client_ca_empty": {
        "fr": "{path} : aucun certificat d'AC dans ce fichier ; donnez le PEM des AC dont les "
        "certificats clients sont acceptés.",
        "en": "{path}: no CA certificate in this file; give the PEM of the CAs whose client "
        "certificates are accepted.",
    },
    "platform.crl_unreadable": {
        "fr": "{path} : liste de révocation illisible ({reason}) ; donnez une CRL PEM ou DER "
        "(par exemple celle de « certkit testca crl »).",
        "en": "{path}: cannot read the revocation list ({reason}); give a PEM or DER CRL (for "
        'example the one "certkit testca crl" writes).',
    },
    "platform.server_key_mismatch": {
        "fr": "{path} : la clé privée ne correspond pas au certificat du serveur.",
        "en": "{path}: the private key does not match the server certificate.",
    },
    "platform.bad_tls_versions": {
        "fr": "--tls-versions {value} : valeurs possibles 1.2 et 1.3, séparées par des virgules "
        "(par exemple 1.2,1.3).",
        "en": "--tls-versions {value}: allowed values are 1.2 and 1.3, comma-separated (e.g. "
        "1.2,1.3).",
    },
    "platform.cannot_listen": {
        "fr": "impossible d'écouter sur {host}:{port} ({reason}) ; choisissez un autre port ou "
        "--port 0 pour un port libre.",
        "en": "cannot listen on {host}:{port} ({reason}); choose another port or --port 0 for a "
        "free one.",
    },
    "platform.access_log_unwritable": {
        "fr": "{path} : impossible d'écrire le journal d'accès ({reason}).",
        "en": "{path}: cannot write the access log ({reason}).",
    },
    # HTTP answers (message + hint for each error code)
    "platform.http.NO_CLIENT_CERTIFICATE": {
        "fr": "aucun certificat client présenté.",
        "en": "no client certificate was presented.",
    },
    "platform.hint.NO_CLIENT_CERTIFICATE": {
        "fr": "configurez votre client pour présenter le certificat du syndic et sa clé "
        "(par exemple curl --cert CERT --key CLE ; avec httpx ≥ 0.28, cert= est ignoré quand "
        "verify= est un chemin : passez verify=contexte_ssl qui porte le certificat).",
        "en": "configure your client to present the syndic's certificate and key "
        "(for example curl --cert CERT --key KEY; with httpx >= 0.28, cert= is ignored when "
        "verify= is a path: pass verify=ssl_context holding the certificate).",
    },
    "platform.http.DN_NOT_REGISTERED": {
        "fr": "le DN du certificat n'est enregistré sur aucun compte : {subject}",
        "en": "the certificate's DN is not registered on any account: {subject}",
    },
    "platform.hint.DN_NOT_REGISTERED": {
        "fr": "enregistrez ce DN et celui de l'émetteur ({issuer}) dans un emplacement « DN "
        "Certificat client » du compte (ici : certkit platform register COMPTES --siren {siren} "
        "--slot 1 --cert CERTIFICAT).",
        "en": 'register this DN and the issuer\'s ({issuer}) in a "DN Certificat client" slot of '
        "the account (here: certkit platform register ACCOUNTS --siren {siren} --slot 1 --cert "
        "CERTIFICATE).",
    },
    "platform.http.ISSUER_NOT_REGISTERED": {
        "fr": "le DN du certificat est enregistré (compte {account_siren}, emplacement {slot}) "
        "mais pas avec cet émetteur : {issuer}",
        "en": "the certificate's DN is registered (account {account_siren}, slot {slot}) but not "
        "with this issuer: {issuer}",
    },
    "platform.hint.ISSUER_NOT_REGISTERED": {
        "fr": "mettez à jour le « DN Emetteur Certificat » de l'emplacement {slot} avec le DN de "
        "l'AC qui a émis le certificat : {issuer}",
        "en": 'update the "DN Emetteur Certificat" of slot {slot} with the DN of the CA that '
        "issued the certificate: {issuer}",
    },
    "platform.http.SIREN_MISMATCH": {
        "fr": "le certificat porte le SIREN {siren} mais il est enregistré sur le compte "
        "{account_siren}.",
        "en": "the certificate carries SIREN {siren} but is registered on account {account_siren}.",
    },
    "platform.hint.SIREN_MISMATCH": {
        "fr": "enregistrez ce certificat sur le compte de la société {siren}, ou utilisez le "
        "certificat de la société {account_siren}.",
        "en": "register this certificate on the account of company {siren}, or use company "
        "{account_siren}'s certificate.",
    },
    "platform.http.SIREN_MISSING": {
        "fr": "aucun SIREN dans le certificat (compte {account_siren}, emplacement {slot}).",
        "en": "no SIREN in the certificate (account {account_siren}, slot {slot}).",
    },
    "platform.hint.SIREN_MISSING": {
        "fr": "le registre exige le SIREN de la société dans le certificat "
        "(organizationIdentifier NTRFR-SIREN ou OU=0002 SIREN) : demandez un certificat qui "
        "le contient.",
        "en": "the registry requires the company's SIREN in the certificate "
        "(organizationIdentifier NTRFR-SIREN or OU=0002 SIREN): order a certificate that "
        "carries it.",
    },
    "platform.http.NOT_FOUND": {
        "fr": "{path} : chemin inconnu.",
        "en": "{path}: unknown path.",
    },
    "platform.hint.NOT_FOUND": {
        "fr": "chemins : GET / , GET /whoami, POST /ws1 … /ws7.",
        "en": "paths: GET / , GET /whoami, POST /ws1 … /ws7.",
    },
    "platform.http.METHOD_NOT_ALLOWED": {
        "fr": "{method} {path} : méthode non acceptée.",
        "en": "{method} {path}: method not allowed.",
    },
    "platform.hint.METHOD_NOT_ALLOWED": {
        "fr": "utilisez {allowed}.",
        "en": "use {allowed}.",
    },
    "platform.http.BAD_REQUEST": {
        "fr": "requête HTTP mal formée ({reason}).",
        "en": "malformed HTTP request ({reason}).",
    },
    "platform.hint.BAD_REQUEST": {
        "fr": "envoyez une requête HTTP/1.1 valide.",
        "en": "send a valid HTTP/1.1 request.",
    },
    "platform.http.BODY_TOO_LARGE": {
        "fr": "corps de requête trop gros (plus de {limit} "
        "{limit:plural:one=octet|many=de "
        "octets|other=octets}"
        ").",
        "en": "request body too large (over {limit} {limit:plural:one=byte|other=bytes}).",
    },
    "platform.hint.BODY_TOO_LARGE": {
        "fr": "la plateforme locale accepte au plus {limit} "
        "{limit:plural:one=octet|many=de "
        "octets|other=octets}"
        " par requête.",
        "en": "the local platform accepts at most {limit} "
        "{limit:plural:one=byte|other=bytes} per request.",
    },
    "platform.ws_note": {
        "fr": "plateforme locale certkit : authentification identique au registre, règles métier "
        "non simulées ; la requête est seulement accusée.",
        "en": "certkit local platform: authentication as the registry does it, business rules not "
        "simulated; the request is only acknowledged.",
    },
}
